/* sha256.h — SHA-256 (FIPS 180-4), streaming: the CSV reader digests a data file's bytes as
 * it reads them, for the report's list of the data files read (an auditor can check that
 * the figures come from the files they hold). */
#ifndef PVS_SHA256_H
#define PVS_SHA256_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Sha256 { uint32_t h[8]; uint8_t buf[64]; uint64_t len; size_t nbuf; } Sha256;
void sha256_init(Sha256 *s);
void sha256_add(Sha256 *s, const void *data, size_t n);
void sha256_hex(Sha256 *s, char out[65]);   /* finishes s; 64 hex digits and a NUL */
#endif
