/* num_impl.h — private to num.c and num_fmt.c: the GMP side of the number module.
 * Nothing outside src/num*.c may include this file (it brings in <gmp.h>). */
#ifndef PVS_NUM_IMPL_H
#define PVS_NUM_IMPL_H
#include <gmp.h>
#include <stdbool.h>
#include <stdint.h>
#include "num.h"

__extension__ typedef __int128 num_i128;
__extension__ typedef unsigned __int128 num_u128;

#define NUM_BIGQ(n) ((mpq_ptr)(n)->big)

extern const int64_t num_p10[NUM_SCALE_MAX + 1];

/* r = q (canonical), demoted to the fast form when it fits; q is consumed (cleared). */
void num_take_mpq(Num *r, mpq_ptr q);
/* r = v / 10^scale (scale >= 0), fast when some fast form of that value exists. */
void num_set_i128(Num *r, num_i128 v, long scale);
/* r = m * 10^e. */
void num_set_mpz_exp(Num *r, mpz_srcptr m, long e);
/* q (initialised by the caller) = a. */
void num_get_mpq(mpq_ptr q, const Num *a);
/* If q (canonical) has a fast form, set *v and *scale to its shortest one and return true. */
bool num_mpq_to_dec(mpq_srcptr q, int64_t *v, int *scale);
/* Strip the trailing zeros of a fast pair (v, *scale). */
int64_t num_strip(int64_t v, int *scale);
/* Decimal digits of |v|, most significant first, into buf (room for 20); returns the count. */
int num_udigits(char *buf, int64_t v);
/* Free a string made by GMP's allocator. */
void num_gmp_free_str(char *s);
#endif
