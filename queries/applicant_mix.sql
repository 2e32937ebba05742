-- New requests by applicant type per year (own reports only: aggregate reports are never added in).
UNPIVOT (
    SELECT year,
           sum(requests__new__natural_person) AS natural_person,
           sum(requests__new__business) AS business,
           sum(requests__new__research) AS research,
           sum(requests__new__social_org) AS social_org,
           sum(requests__new__legal_service) AS legal_service,
           sum(requests__new__other_org) AS other_org
    FROM selected_reports($year_from, $year_to, $province, $city, $county, $levels, $kinds, $agency_ids,
                          $include_aggregate)
    WHERE coalesce(scope, 'own') <> 'aggregate'
    GROUP BY year
) ON natural_person, business, research, social_org, legal_service, other_org
INTO NAME applicant VALUE requests
ORDER BY year, applicant;
