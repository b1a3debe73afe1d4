-- pgbench script for `npm run bench:server`: the INSERT that the PostgreSQL
-- store makes for each gene (mock-server/src/store/postgres/pg_store_codes.cpp),
-- its values parameters as there (pgbench -M extended, like PQexecParams)
-- except the eleven empty texts, written '' (pgbench cannot -D an empty value),
-- into bench_codes, a scratch copy of `codes` (LIKE codes INCLUDING ALL: same
-- columns, keys and indexes). The poll key and code are 19-digit random
-- numbers (the server's are 22-character tokens); the other values come from
-- -D: status (0), now, expires, app and ip.
\set random random(1000000000000000000, 9223372036854775807)
\set code random(1000000000000000000, 9223372036854775807)
INSERT INTO bench_codes (random, code, app_id, status, created_at, expires_at, client_ip, browser, redirect_uri, params, context, scanner_openid, scanner_unionid, scanner_nickname, scanner_photo, scan_token, ticket, user_id) VALUES (:random, :code, :app, :status, :now, :expires, :ip, '', '', '', '', '', '', '', '', '', '', '') ON CONFLICT DO NOTHING;
