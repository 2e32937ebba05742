-- The `reports_charted` table (built once per connection by disclosure.dashboard.data.connect): the rows
-- every chart and headline figure reads, never an export. Two things on top of `reports_corrected`
-- (`reports` with administrators' corrections, disclosure.dashboard.corrections):
--
-- 1. A blank 总计 cell of a section-三 row is derived as the sum of the six applicant cells when all six
--    are given (printed or imputed 0), and the row key is listed in `derived_totals` so that pages can say
--    so. Why: reports such as shanghai_bgt_2019 print the applicant columns but leave 总计 blank on the
--    outcome rows; without this, their outcomes would vanish from every chart. The parsed cell itself
--    stays null in `reports`, `cells` and every download. One expression per row of
--    disclosure.contract.REQUEST_ROW_KEYS × APPLICANT_COLUMNS (tests/test_pagemodel_compare.py checks the
--    list against the contract).
-- 2. The parts of the two rates, per report, computed HERE ONCE: 公开率 = (予以公开 + 部分公开) ÷ 办理总计 and
--    复议纠错率 = 结果纠正 ÷ (复议总计 − 尚未审结) (`review_corrected` / `review_decided`; the same parts of
--    the two litigation groups, `litigation_direct_*` and `litigation_after_review_*`, for 复议诉讼's
--    per-group rates: `<group>_corrected` / `<group>_decided` for each case group of section 四). A report counts only when every part is printed (else
--    both numerator and denominator are NULL, never 0). headline.sql sums them per year, the briefing and
--    the peer benchmarks (disclosure/benchmarks.toml names these columns) sum them per agency, so the
--    overview, 单位档案, 对比 and the 会议简报 cannot disagree on a rate.
WITH derived AS (
    SELECT * REPLACE (
        CASE WHEN requests__new__total IS NULL
                  AND requests__new__natural_person IS NOT NULL AND requests__new__business IS NOT NULL AND requests__new__research IS NOT NULL AND requests__new__social_org IS NOT NULL AND requests__new__legal_service IS NOT NULL AND requests__new__other_org IS NOT NULL
             THEN requests__new__natural_person + requests__new__business + requests__new__research + requests__new__social_org + requests__new__legal_service + requests__new__other_org ELSE requests__new__total END AS requests__new__total,
        CASE WHEN requests__carried_in__total IS NULL
                  AND requests__carried_in__natural_person IS NOT NULL AND requests__carried_in__business IS NOT NULL AND requests__carried_in__research IS NOT NULL AND requests__carried_in__social_org IS NOT NULL AND requests__carried_in__legal_service IS NOT NULL AND requests__carried_in__other_org IS NOT NULL
             THEN requests__carried_in__natural_person + requests__carried_in__business + requests__carried_in__research + requests__carried_in__social_org + requests__carried_in__legal_service + requests__carried_in__other_org ELSE requests__carried_in__total END AS requests__carried_in__total,
        CASE WHEN requests__granted__total IS NULL
                  AND requests__granted__natural_person IS NOT NULL AND requests__granted__business IS NOT NULL AND requests__granted__research IS NOT NULL AND requests__granted__social_org IS NOT NULL AND requests__granted__legal_service IS NOT NULL AND requests__granted__other_org IS NOT NULL
             THEN requests__granted__natural_person + requests__granted__business + requests__granted__research + requests__granted__social_org + requests__granted__legal_service + requests__granted__other_org ELSE requests__granted__total END AS requests__granted__total,
        CASE WHEN requests__partial__total IS NULL
                  AND requests__partial__natural_person IS NOT NULL AND requests__partial__business IS NOT NULL AND requests__partial__research IS NOT NULL AND requests__partial__social_org IS NOT NULL AND requests__partial__legal_service IS NOT NULL AND requests__partial__other_org IS NOT NULL
             THEN requests__partial__natural_person + requests__partial__business + requests__partial__research + requests__partial__social_org + requests__partial__legal_service + requests__partial__other_org ELSE requests__partial__total END AS requests__partial__total,
        CASE WHEN requests__denied_state_secret__total IS NULL
                  AND requests__denied_state_secret__natural_person IS NOT NULL AND requests__denied_state_secret__business IS NOT NULL AND requests__denied_state_secret__research IS NOT NULL AND requests__denied_state_secret__social_org IS NOT NULL AND requests__denied_state_secret__legal_service IS NOT NULL AND requests__denied_state_secret__other_org IS NOT NULL
             THEN requests__denied_state_secret__natural_person + requests__denied_state_secret__business + requests__denied_state_secret__research + requests__denied_state_secret__social_org + requests__denied_state_secret__legal_service + requests__denied_state_secret__other_org ELSE requests__denied_state_secret__total END AS requests__denied_state_secret__total,
        CASE WHEN requests__denied_law_forbidden__total IS NULL
                  AND requests__denied_law_forbidden__natural_person IS NOT NULL AND requests__denied_law_forbidden__business IS NOT NULL AND requests__denied_law_forbidden__research IS NOT NULL AND requests__denied_law_forbidden__social_org IS NOT NULL AND requests__denied_law_forbidden__legal_service IS NOT NULL AND requests__denied_law_forbidden__other_org IS NOT NULL
             THEN requests__denied_law_forbidden__natural_person + requests__denied_law_forbidden__business + requests__denied_law_forbidden__research + requests__denied_law_forbidden__social_org + requests__denied_law_forbidden__legal_service + requests__denied_law_forbidden__other_org ELSE requests__denied_law_forbidden__total END AS requests__denied_law_forbidden__total,
        CASE WHEN requests__denied_security_stability__total IS NULL
                  AND requests__denied_security_stability__natural_person IS NOT NULL AND requests__denied_security_stability__business IS NOT NULL AND requests__denied_security_stability__research IS NOT NULL AND requests__denied_security_stability__social_org IS NOT NULL AND requests__denied_security_stability__legal_service IS NOT NULL AND requests__denied_security_stability__other_org IS NOT NULL
             THEN requests__denied_security_stability__natural_person + requests__denied_security_stability__business + requests__denied_security_stability__research + requests__denied_security_stability__social_org + requests__denied_security_stability__legal_service + requests__denied_security_stability__other_org ELSE requests__denied_security_stability__total END AS requests__denied_security_stability__total,
        CASE WHEN requests__denied_third_party__total IS NULL
                  AND requests__denied_third_party__natural_person IS NOT NULL AND requests__denied_third_party__business IS NOT NULL AND requests__denied_third_party__research IS NOT NULL AND requests__denied_third_party__social_org IS NOT NULL AND requests__denied_third_party__legal_service IS NOT NULL AND requests__denied_third_party__other_org IS NOT NULL
             THEN requests__denied_third_party__natural_person + requests__denied_third_party__business + requests__denied_third_party__research + requests__denied_third_party__social_org + requests__denied_third_party__legal_service + requests__denied_third_party__other_org ELSE requests__denied_third_party__total END AS requests__denied_third_party__total,
        CASE WHEN requests__denied_internal_affairs__total IS NULL
                  AND requests__denied_internal_affairs__natural_person IS NOT NULL AND requests__denied_internal_affairs__business IS NOT NULL AND requests__denied_internal_affairs__research IS NOT NULL AND requests__denied_internal_affairs__social_org IS NOT NULL AND requests__denied_internal_affairs__legal_service IS NOT NULL AND requests__denied_internal_affairs__other_org IS NOT NULL
             THEN requests__denied_internal_affairs__natural_person + requests__denied_internal_affairs__business + requests__denied_internal_affairs__research + requests__denied_internal_affairs__social_org + requests__denied_internal_affairs__legal_service + requests__denied_internal_affairs__other_org ELSE requests__denied_internal_affairs__total END AS requests__denied_internal_affairs__total,
        CASE WHEN requests__denied_process_info__total IS NULL
                  AND requests__denied_process_info__natural_person IS NOT NULL AND requests__denied_process_info__business IS NOT NULL AND requests__denied_process_info__research IS NOT NULL AND requests__denied_process_info__social_org IS NOT NULL AND requests__denied_process_info__legal_service IS NOT NULL AND requests__denied_process_info__other_org IS NOT NULL
             THEN requests__denied_process_info__natural_person + requests__denied_process_info__business + requests__denied_process_info__research + requests__denied_process_info__social_org + requests__denied_process_info__legal_service + requests__denied_process_info__other_org ELSE requests__denied_process_info__total END AS requests__denied_process_info__total,
        CASE WHEN requests__denied_enforcement_file__total IS NULL
                  AND requests__denied_enforcement_file__natural_person IS NOT NULL AND requests__denied_enforcement_file__business IS NOT NULL AND requests__denied_enforcement_file__research IS NOT NULL AND requests__denied_enforcement_file__social_org IS NOT NULL AND requests__denied_enforcement_file__legal_service IS NOT NULL AND requests__denied_enforcement_file__other_org IS NOT NULL
             THEN requests__denied_enforcement_file__natural_person + requests__denied_enforcement_file__business + requests__denied_enforcement_file__research + requests__denied_enforcement_file__social_org + requests__denied_enforcement_file__legal_service + requests__denied_enforcement_file__other_org ELSE requests__denied_enforcement_file__total END AS requests__denied_enforcement_file__total,
        CASE WHEN requests__denied_admin_query__total IS NULL
                  AND requests__denied_admin_query__natural_person IS NOT NULL AND requests__denied_admin_query__business IS NOT NULL AND requests__denied_admin_query__research IS NOT NULL AND requests__denied_admin_query__social_org IS NOT NULL AND requests__denied_admin_query__legal_service IS NOT NULL AND requests__denied_admin_query__other_org IS NOT NULL
             THEN requests__denied_admin_query__natural_person + requests__denied_admin_query__business + requests__denied_admin_query__research + requests__denied_admin_query__social_org + requests__denied_admin_query__legal_service + requests__denied_admin_query__other_org ELSE requests__denied_admin_query__total END AS requests__denied_admin_query__total,
        CASE WHEN requests__unable_not_held__total IS NULL
                  AND requests__unable_not_held__natural_person IS NOT NULL AND requests__unable_not_held__business IS NOT NULL AND requests__unable_not_held__research IS NOT NULL AND requests__unable_not_held__social_org IS NOT NULL AND requests__unable_not_held__legal_service IS NOT NULL AND requests__unable_not_held__other_org IS NOT NULL
             THEN requests__unable_not_held__natural_person + requests__unable_not_held__business + requests__unable_not_held__research + requests__unable_not_held__social_org + requests__unable_not_held__legal_service + requests__unable_not_held__other_org ELSE requests__unable_not_held__total END AS requests__unable_not_held__total,
        CASE WHEN requests__unable_needs_creation__total IS NULL
                  AND requests__unable_needs_creation__natural_person IS NOT NULL AND requests__unable_needs_creation__business IS NOT NULL AND requests__unable_needs_creation__research IS NOT NULL AND requests__unable_needs_creation__social_org IS NOT NULL AND requests__unable_needs_creation__legal_service IS NOT NULL AND requests__unable_needs_creation__other_org IS NOT NULL
             THEN requests__unable_needs_creation__natural_person + requests__unable_needs_creation__business + requests__unable_needs_creation__research + requests__unable_needs_creation__social_org + requests__unable_needs_creation__legal_service + requests__unable_needs_creation__other_org ELSE requests__unable_needs_creation__total END AS requests__unable_needs_creation__total,
        CASE WHEN requests__unable_unclear__total IS NULL
                  AND requests__unable_unclear__natural_person IS NOT NULL AND requests__unable_unclear__business IS NOT NULL AND requests__unable_unclear__research IS NOT NULL AND requests__unable_unclear__social_org IS NOT NULL AND requests__unable_unclear__legal_service IS NOT NULL AND requests__unable_unclear__other_org IS NOT NULL
             THEN requests__unable_unclear__natural_person + requests__unable_unclear__business + requests__unable_unclear__research + requests__unable_unclear__social_org + requests__unable_unclear__legal_service + requests__unable_unclear__other_org ELSE requests__unable_unclear__total END AS requests__unable_unclear__total,
        CASE WHEN requests__rejected_complaint__total IS NULL
                  AND requests__rejected_complaint__natural_person IS NOT NULL AND requests__rejected_complaint__business IS NOT NULL AND requests__rejected_complaint__research IS NOT NULL AND requests__rejected_complaint__social_org IS NOT NULL AND requests__rejected_complaint__legal_service IS NOT NULL AND requests__rejected_complaint__other_org IS NOT NULL
             THEN requests__rejected_complaint__natural_person + requests__rejected_complaint__business + requests__rejected_complaint__research + requests__rejected_complaint__social_org + requests__rejected_complaint__legal_service + requests__rejected_complaint__other_org ELSE requests__rejected_complaint__total END AS requests__rejected_complaint__total,
        CASE WHEN requests__rejected_duplicate__total IS NULL
                  AND requests__rejected_duplicate__natural_person IS NOT NULL AND requests__rejected_duplicate__business IS NOT NULL AND requests__rejected_duplicate__research IS NOT NULL AND requests__rejected_duplicate__social_org IS NOT NULL AND requests__rejected_duplicate__legal_service IS NOT NULL AND requests__rejected_duplicate__other_org IS NOT NULL
             THEN requests__rejected_duplicate__natural_person + requests__rejected_duplicate__business + requests__rejected_duplicate__research + requests__rejected_duplicate__social_org + requests__rejected_duplicate__legal_service + requests__rejected_duplicate__other_org ELSE requests__rejected_duplicate__total END AS requests__rejected_duplicate__total,
        CASE WHEN requests__rejected_publication__total IS NULL
                  AND requests__rejected_publication__natural_person IS NOT NULL AND requests__rejected_publication__business IS NOT NULL AND requests__rejected_publication__research IS NOT NULL AND requests__rejected_publication__social_org IS NOT NULL AND requests__rejected_publication__legal_service IS NOT NULL AND requests__rejected_publication__other_org IS NOT NULL
             THEN requests__rejected_publication__natural_person + requests__rejected_publication__business + requests__rejected_publication__research + requests__rejected_publication__social_org + requests__rejected_publication__legal_service + requests__rejected_publication__other_org ELSE requests__rejected_publication__total END AS requests__rejected_publication__total,
        CASE WHEN requests__rejected_excessive__total IS NULL
                  AND requests__rejected_excessive__natural_person IS NOT NULL AND requests__rejected_excessive__business IS NOT NULL AND requests__rejected_excessive__research IS NOT NULL AND requests__rejected_excessive__social_org IS NOT NULL AND requests__rejected_excessive__legal_service IS NOT NULL AND requests__rejected_excessive__other_org IS NOT NULL
             THEN requests__rejected_excessive__natural_person + requests__rejected_excessive__business + requests__rejected_excessive__research + requests__rejected_excessive__social_org + requests__rejected_excessive__legal_service + requests__rejected_excessive__other_org ELSE requests__rejected_excessive__total END AS requests__rejected_excessive__total,
        CASE WHEN requests__rejected_confirmation__total IS NULL
                  AND requests__rejected_confirmation__natural_person IS NOT NULL AND requests__rejected_confirmation__business IS NOT NULL AND requests__rejected_confirmation__research IS NOT NULL AND requests__rejected_confirmation__social_org IS NOT NULL AND requests__rejected_confirmation__legal_service IS NOT NULL AND requests__rejected_confirmation__other_org IS NOT NULL
             THEN requests__rejected_confirmation__natural_person + requests__rejected_confirmation__business + requests__rejected_confirmation__research + requests__rejected_confirmation__social_org + requests__rejected_confirmation__legal_service + requests__rejected_confirmation__other_org ELSE requests__rejected_confirmation__total END AS requests__rejected_confirmation__total,
        CASE WHEN requests__other_no_correction__total IS NULL
                  AND requests__other_no_correction__natural_person IS NOT NULL AND requests__other_no_correction__business IS NOT NULL AND requests__other_no_correction__research IS NOT NULL AND requests__other_no_correction__social_org IS NOT NULL AND requests__other_no_correction__legal_service IS NOT NULL AND requests__other_no_correction__other_org IS NOT NULL
             THEN requests__other_no_correction__natural_person + requests__other_no_correction__business + requests__other_no_correction__research + requests__other_no_correction__social_org + requests__other_no_correction__legal_service + requests__other_no_correction__other_org ELSE requests__other_no_correction__total END AS requests__other_no_correction__total,
        CASE WHEN requests__other_unpaid_fee__total IS NULL
                  AND requests__other_unpaid_fee__natural_person IS NOT NULL AND requests__other_unpaid_fee__business IS NOT NULL AND requests__other_unpaid_fee__research IS NOT NULL AND requests__other_unpaid_fee__social_org IS NOT NULL AND requests__other_unpaid_fee__legal_service IS NOT NULL AND requests__other_unpaid_fee__other_org IS NOT NULL
             THEN requests__other_unpaid_fee__natural_person + requests__other_unpaid_fee__business + requests__other_unpaid_fee__research + requests__other_unpaid_fee__social_org + requests__other_unpaid_fee__legal_service + requests__other_unpaid_fee__other_org ELSE requests__other_unpaid_fee__total END AS requests__other_unpaid_fee__total,
        CASE WHEN requests__other_other__total IS NULL
                  AND requests__other_other__natural_person IS NOT NULL AND requests__other_other__business IS NOT NULL AND requests__other_other__research IS NOT NULL AND requests__other_other__social_org IS NOT NULL AND requests__other_other__legal_service IS NOT NULL AND requests__other_other__other_org IS NOT NULL
             THEN requests__other_other__natural_person + requests__other_other__business + requests__other_other__research + requests__other_other__social_org + requests__other_other__legal_service + requests__other_other__other_org ELSE requests__other_other__total END AS requests__other_other__total,
        CASE WHEN requests__handled_total__total IS NULL
                  AND requests__handled_total__natural_person IS NOT NULL AND requests__handled_total__business IS NOT NULL AND requests__handled_total__research IS NOT NULL AND requests__handled_total__social_org IS NOT NULL AND requests__handled_total__legal_service IS NOT NULL AND requests__handled_total__other_org IS NOT NULL
             THEN requests__handled_total__natural_person + requests__handled_total__business + requests__handled_total__research + requests__handled_total__social_org + requests__handled_total__legal_service + requests__handled_total__other_org ELSE requests__handled_total__total END AS requests__handled_total__total,
        CASE WHEN requests__carried_out__total IS NULL
                  AND requests__carried_out__natural_person IS NOT NULL AND requests__carried_out__business IS NOT NULL AND requests__carried_out__research IS NOT NULL AND requests__carried_out__social_org IS NOT NULL AND requests__carried_out__legal_service IS NOT NULL AND requests__carried_out__other_org IS NOT NULL
             THEN requests__carried_out__natural_person + requests__carried_out__business + requests__carried_out__research + requests__carried_out__social_org + requests__carried_out__legal_service + requests__carried_out__other_org ELSE requests__carried_out__total END AS requests__carried_out__total
    ),
    list_filter([
        CASE WHEN requests__new__total IS NULL
                  AND requests__new__natural_person IS NOT NULL AND requests__new__business IS NOT NULL AND requests__new__research IS NOT NULL AND requests__new__social_org IS NOT NULL AND requests__new__legal_service IS NOT NULL AND requests__new__other_org IS NOT NULL THEN 'new' END,
        CASE WHEN requests__carried_in__total IS NULL
                  AND requests__carried_in__natural_person IS NOT NULL AND requests__carried_in__business IS NOT NULL AND requests__carried_in__research IS NOT NULL AND requests__carried_in__social_org IS NOT NULL AND requests__carried_in__legal_service IS NOT NULL AND requests__carried_in__other_org IS NOT NULL THEN 'carried_in' END,
        CASE WHEN requests__granted__total IS NULL
                  AND requests__granted__natural_person IS NOT NULL AND requests__granted__business IS NOT NULL AND requests__granted__research IS NOT NULL AND requests__granted__social_org IS NOT NULL AND requests__granted__legal_service IS NOT NULL AND requests__granted__other_org IS NOT NULL THEN 'granted' END,
        CASE WHEN requests__partial__total IS NULL
                  AND requests__partial__natural_person IS NOT NULL AND requests__partial__business IS NOT NULL AND requests__partial__research IS NOT NULL AND requests__partial__social_org IS NOT NULL AND requests__partial__legal_service IS NOT NULL AND requests__partial__other_org IS NOT NULL THEN 'partial' END,
        CASE WHEN requests__denied_state_secret__total IS NULL
                  AND requests__denied_state_secret__natural_person IS NOT NULL AND requests__denied_state_secret__business IS NOT NULL AND requests__denied_state_secret__research IS NOT NULL AND requests__denied_state_secret__social_org IS NOT NULL AND requests__denied_state_secret__legal_service IS NOT NULL AND requests__denied_state_secret__other_org IS NOT NULL THEN 'denied_state_secret' END,
        CASE WHEN requests__denied_law_forbidden__total IS NULL
                  AND requests__denied_law_forbidden__natural_person IS NOT NULL AND requests__denied_law_forbidden__business IS NOT NULL AND requests__denied_law_forbidden__research IS NOT NULL AND requests__denied_law_forbidden__social_org IS NOT NULL AND requests__denied_law_forbidden__legal_service IS NOT NULL AND requests__denied_law_forbidden__other_org IS NOT NULL THEN 'denied_law_forbidden' END,
        CASE WHEN requests__denied_security_stability__total IS NULL
                  AND requests__denied_security_stability__natural_person IS NOT NULL AND requests__denied_security_stability__business IS NOT NULL AND requests__denied_security_stability__research IS NOT NULL AND requests__denied_security_stability__social_org IS NOT NULL AND requests__denied_security_stability__legal_service IS NOT NULL AND requests__denied_security_stability__other_org IS NOT NULL THEN 'denied_security_stability' END,
        CASE WHEN requests__denied_third_party__total IS NULL
                  AND requests__denied_third_party__natural_person IS NOT NULL AND requests__denied_third_party__business IS NOT NULL AND requests__denied_third_party__research IS NOT NULL AND requests__denied_third_party__social_org IS NOT NULL AND requests__denied_third_party__legal_service IS NOT NULL AND requests__denied_third_party__other_org IS NOT NULL THEN 'denied_third_party' END,
        CASE WHEN requests__denied_internal_affairs__total IS NULL
                  AND requests__denied_internal_affairs__natural_person IS NOT NULL AND requests__denied_internal_affairs__business IS NOT NULL AND requests__denied_internal_affairs__research IS NOT NULL AND requests__denied_internal_affairs__social_org IS NOT NULL AND requests__denied_internal_affairs__legal_service IS NOT NULL AND requests__denied_internal_affairs__other_org IS NOT NULL THEN 'denied_internal_affairs' END,
        CASE WHEN requests__denied_process_info__total IS NULL
                  AND requests__denied_process_info__natural_person IS NOT NULL AND requests__denied_process_info__business IS NOT NULL AND requests__denied_process_info__research IS NOT NULL AND requests__denied_process_info__social_org IS NOT NULL AND requests__denied_process_info__legal_service IS NOT NULL AND requests__denied_process_info__other_org IS NOT NULL THEN 'denied_process_info' END,
        CASE WHEN requests__denied_enforcement_file__total IS NULL
                  AND requests__denied_enforcement_file__natural_person IS NOT NULL AND requests__denied_enforcement_file__business IS NOT NULL AND requests__denied_enforcement_file__research IS NOT NULL AND requests__denied_enforcement_file__social_org IS NOT NULL AND requests__denied_enforcement_file__legal_service IS NOT NULL AND requests__denied_enforcement_file__other_org IS NOT NULL THEN 'denied_enforcement_file' END,
        CASE WHEN requests__denied_admin_query__total IS NULL
                  AND requests__denied_admin_query__natural_person IS NOT NULL AND requests__denied_admin_query__business IS NOT NULL AND requests__denied_admin_query__research IS NOT NULL AND requests__denied_admin_query__social_org IS NOT NULL AND requests__denied_admin_query__legal_service IS NOT NULL AND requests__denied_admin_query__other_org IS NOT NULL THEN 'denied_admin_query' END,
        CASE WHEN requests__unable_not_held__total IS NULL
                  AND requests__unable_not_held__natural_person IS NOT NULL AND requests__unable_not_held__business IS NOT NULL AND requests__unable_not_held__research IS NOT NULL AND requests__unable_not_held__social_org IS NOT NULL AND requests__unable_not_held__legal_service IS NOT NULL AND requests__unable_not_held__other_org IS NOT NULL THEN 'unable_not_held' END,
        CASE WHEN requests__unable_needs_creation__total IS NULL
                  AND requests__unable_needs_creation__natural_person IS NOT NULL AND requests__unable_needs_creation__business IS NOT NULL AND requests__unable_needs_creation__research IS NOT NULL AND requests__unable_needs_creation__social_org IS NOT NULL AND requests__unable_needs_creation__legal_service IS NOT NULL AND requests__unable_needs_creation__other_org IS NOT NULL THEN 'unable_needs_creation' END,
        CASE WHEN requests__unable_unclear__total IS NULL
                  AND requests__unable_unclear__natural_person IS NOT NULL AND requests__unable_unclear__business IS NOT NULL AND requests__unable_unclear__research IS NOT NULL AND requests__unable_unclear__social_org IS NOT NULL AND requests__unable_unclear__legal_service IS NOT NULL AND requests__unable_unclear__other_org IS NOT NULL THEN 'unable_unclear' END,
        CASE WHEN requests__rejected_complaint__total IS NULL
                  AND requests__rejected_complaint__natural_person IS NOT NULL AND requests__rejected_complaint__business IS NOT NULL AND requests__rejected_complaint__research IS NOT NULL AND requests__rejected_complaint__social_org IS NOT NULL AND requests__rejected_complaint__legal_service IS NOT NULL AND requests__rejected_complaint__other_org IS NOT NULL THEN 'rejected_complaint' END,
        CASE WHEN requests__rejected_duplicate__total IS NULL
                  AND requests__rejected_duplicate__natural_person IS NOT NULL AND requests__rejected_duplicate__business IS NOT NULL AND requests__rejected_duplicate__research IS NOT NULL AND requests__rejected_duplicate__social_org IS NOT NULL AND requests__rejected_duplicate__legal_service IS NOT NULL AND requests__rejected_duplicate__other_org IS NOT NULL THEN 'rejected_duplicate' END,
        CASE WHEN requests__rejected_publication__total IS NULL
                  AND requests__rejected_publication__natural_person IS NOT NULL AND requests__rejected_publication__business IS NOT NULL AND requests__rejected_publication__research IS NOT NULL AND requests__rejected_publication__social_org IS NOT NULL AND requests__rejected_publication__legal_service IS NOT NULL AND requests__rejected_publication__other_org IS NOT NULL THEN 'rejected_publication' END,
        CASE WHEN requests__rejected_excessive__total IS NULL
                  AND requests__rejected_excessive__natural_person IS NOT NULL AND requests__rejected_excessive__business IS NOT NULL AND requests__rejected_excessive__research IS NOT NULL AND requests__rejected_excessive__social_org IS NOT NULL AND requests__rejected_excessive__legal_service IS NOT NULL AND requests__rejected_excessive__other_org IS NOT NULL THEN 'rejected_excessive' END,
        CASE WHEN requests__rejected_confirmation__total IS NULL
                  AND requests__rejected_confirmation__natural_person IS NOT NULL AND requests__rejected_confirmation__business IS NOT NULL AND requests__rejected_confirmation__research IS NOT NULL AND requests__rejected_confirmation__social_org IS NOT NULL AND requests__rejected_confirmation__legal_service IS NOT NULL AND requests__rejected_confirmation__other_org IS NOT NULL THEN 'rejected_confirmation' END,
        CASE WHEN requests__other_no_correction__total IS NULL
                  AND requests__other_no_correction__natural_person IS NOT NULL AND requests__other_no_correction__business IS NOT NULL AND requests__other_no_correction__research IS NOT NULL AND requests__other_no_correction__social_org IS NOT NULL AND requests__other_no_correction__legal_service IS NOT NULL AND requests__other_no_correction__other_org IS NOT NULL THEN 'other_no_correction' END,
        CASE WHEN requests__other_unpaid_fee__total IS NULL
                  AND requests__other_unpaid_fee__natural_person IS NOT NULL AND requests__other_unpaid_fee__business IS NOT NULL AND requests__other_unpaid_fee__research IS NOT NULL AND requests__other_unpaid_fee__social_org IS NOT NULL AND requests__other_unpaid_fee__legal_service IS NOT NULL AND requests__other_unpaid_fee__other_org IS NOT NULL THEN 'other_unpaid_fee' END,
        CASE WHEN requests__other_other__total IS NULL
                  AND requests__other_other__natural_person IS NOT NULL AND requests__other_other__business IS NOT NULL AND requests__other_other__research IS NOT NULL AND requests__other_other__social_org IS NOT NULL AND requests__other_other__legal_service IS NOT NULL AND requests__other_other__other_org IS NOT NULL THEN 'other_other' END,
        CASE WHEN requests__handled_total__total IS NULL
                  AND requests__handled_total__natural_person IS NOT NULL AND requests__handled_total__business IS NOT NULL AND requests__handled_total__research IS NOT NULL AND requests__handled_total__social_org IS NOT NULL AND requests__handled_total__legal_service IS NOT NULL AND requests__handled_total__other_org IS NOT NULL THEN 'handled_total' END,
        CASE WHEN requests__carried_out__total IS NULL
                  AND requests__carried_out__natural_person IS NOT NULL AND requests__carried_out__business IS NOT NULL AND requests__carried_out__research IS NOT NULL AND requests__carried_out__social_org IS NOT NULL AND requests__carried_out__legal_service IS NOT NULL AND requests__carried_out__other_org IS NOT NULL THEN 'carried_out' END
    ], lambda x: x IS NOT NULL) AS derived_totals
    FROM reports_corrected
)
SELECT *,
       CASE WHEN requests__granted__total IS NOT NULL AND requests__partial__total IS NOT NULL
                 AND requests__handled_total__total IS NOT NULL
            THEN requests__granted__total + requests__partial__total END AS open_num,
       CASE WHEN requests__granted__total IS NOT NULL AND requests__partial__total IS NOT NULL
                 AND requests__handled_total__total IS NOT NULL
            THEN requests__handled_total__total END AS open_den,
       CASE WHEN review_litigation__review__corrected IS NOT NULL AND review_litigation__review__total IS NOT NULL
                 AND review_litigation__review__pending IS NOT NULL
            THEN review_litigation__review__corrected END AS review_corrected,
       CASE WHEN review_litigation__review__corrected IS NOT NULL AND review_litigation__review__total IS NOT NULL
                 AND review_litigation__review__pending IS NOT NULL
            THEN review_litigation__review__total - review_litigation__review__pending END AS review_decided,
       CASE WHEN review_litigation__litigation_direct__corrected IS NOT NULL AND review_litigation__litigation_direct__total IS NOT NULL
                 AND review_litigation__litigation_direct__pending IS NOT NULL
            THEN review_litigation__litigation_direct__corrected END AS litigation_direct_corrected,
       CASE WHEN review_litigation__litigation_direct__corrected IS NOT NULL AND review_litigation__litigation_direct__total IS NOT NULL
                 AND review_litigation__litigation_direct__pending IS NOT NULL
            THEN review_litigation__litigation_direct__total - review_litigation__litigation_direct__pending END AS litigation_direct_decided,
       CASE WHEN review_litigation__litigation_after_review__corrected IS NOT NULL AND review_litigation__litigation_after_review__total IS NOT NULL
                 AND review_litigation__litigation_after_review__pending IS NOT NULL
            THEN review_litigation__litigation_after_review__corrected END AS litigation_after_review_corrected,
       CASE WHEN review_litigation__litigation_after_review__corrected IS NOT NULL AND review_litigation__litigation_after_review__total IS NOT NULL
                 AND review_litigation__litigation_after_review__pending IS NOT NULL
            THEN review_litigation__litigation_after_review__total - review_litigation__litigation_after_review__pending END AS litigation_after_review_decided
FROM derived
