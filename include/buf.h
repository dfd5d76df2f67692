/*
 * buf: a growable byte buffer.  Always NUL-terminated after buf_* calls
 * (the NUL is not counted in len), so b->p can be used as a C string when
 * the content has no NUL of its own.
 */
#ifndef PTOP_BUF_H
#define PTOP_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_reserve(struct buf *b, size_t more);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append data as base64 (RFC 4648, padded). */
void buf_add_base64(struct buf *b, const void *data, size_t len);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_clear(struct buf *b);
void buf_free(struct buf *b);

#endif
