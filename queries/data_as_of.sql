-- When the dataset was last changed (latest ingest of a current report) and how many current reports it has.
SELECT max(ingested_at) AS data_as_of, count(*) AS n_current
FROM reports
WHERE is_current;
