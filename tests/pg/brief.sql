-- brief.sql — the brief's example data (tests/golden/fixtures/brief/*.csv: ';', decimal
-- comma, oui/vrai booleans, DD/MM/YYYY dates) loaded into typed tables, as an organisation's
-- database would hold them. psql reads each CSV from standard input (\copy … FROM pstdin).
CREATE TABLE parc_raw (id text, commune text, qpv text, zone text, surface text, loyer text,
  "loyer_marché" text, vacant text, revenu text, "impayé" text);
CREATE TABLE suivis_raw (logement text, "début" text, dette_initiale text, "plan_respecté" text);
CREATE FUNCTION num_fr(t text) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT replace(t, ',', '.')::numeric $$;
CREATE FUNCTION bool_fr(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) IN ('1', 'oui', 'vrai', 'true') $$;
CREATE FUNCTION date_fr(t text) RETURNS date LANGUAGE sql IMMUTABLE AS
  $$ SELECT CASE WHEN t LIKE '%/%' THEN to_date(t, 'DD/MM/YYYY') ELSE t::date END $$;
