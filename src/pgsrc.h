/* pgsrc.h — a data table read from PostgreSQL instead of a CSV file: a `--data` path or a
 * table's `source:` written `postgresql://[user@]host[:port]/db?table=NAME` (or
 * `?query=SELECT …`, which then runs to the end of the URL). The rows are streamed with
 * libpq (`COPY (…) TO STDOUT (FORMAT csv, HEADER)`, one row at a time) into the CSV reader
 * (csv.h), so validation, data errors (row and column), exactness and constant memory are
 * those of a CSV file. Booleans arrive as true/false, dates as YYYY-MM-DD (DateStyle ISO),
 * NUMERIC as its exact decimal text.
 *
 * Credentials come only from the URL, PGPASSFILE/~/.pgpass or the PG* environment
 * variables, and never reach a message: names and errors made here are redacted (the
 * password is replaced by ***). Built without libpq (PVS_WITH_LIBPQ undefined), reading
 * such a source is an error that says so. doc/sql.md documents the URL form. */
#ifndef PVS_PGSRC_H
#define PVS_PGSRC_H
#include "csv.h"
#include <stdbool.h>

/* Whether `s` is a PostgreSQL URL (postgresql:// or postgres://). */
bool pg_is_url(const char *s);

/* The URL as it may be shown: its password (user:PASSWORD@, password=…) replaced by ***.
 * Returns a malloc'd string the caller frees. */
char *pg_redact(const char *url);

/* A reader over the rows of `url` (borrowed); `display` (borrowed, copied) names it in
 * errors. Connects on the first read; a connection or query error is the reader's error
 * (csv_error), redacted. The delimiter is forced to ',' and the encoding to UTF-8. Never
 * returns NULL; the caller frees it with csv_close(). */
CsvReader *pg_open(const char *url, const char *display);
#endif
