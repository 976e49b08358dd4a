// name: certifications-by-issuer
// description: Certifications by issuer, cheapest exam first, filtered by issuer (empty = all) and a maximum exam fee.
// params: issuer=, max_fee=100000
// mode: read
// exam_fee_usd is the non-member exam fee. A certification whose fee is unknown (null)
// is listed with an empty fee whatever max_fee is.
MATCH (cert:CareerGraph:Certification)
WHERE ($issuer = '' OR toLower(cert.issuer) = toLower($issuer))
  AND (cert.exam_fee_usd IS NULL OR cert.exam_fee_usd <= $max_fee)
RETURN cert.issuer AS issuer, cert.id AS id, cert.name AS name, cert.exam_fee_usd AS exam_fee_usd
ORDER BY issuer, exam_fee_usd, id
