"""Administration: who is an administrator (`auth`), uploads (`upload`), cell corrections and reviews of
failed checks (`edits`). Pure logic on the dataset — no Streamlit here; the admin pages in views/ only
lay these functions out, and disclosure.dashboard.navigation shows them to an authenticated admin only.
"""
