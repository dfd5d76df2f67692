/*
 * xmalloc: allocation that cannot fail.  Every function either returns
 * usable memory or calls fatalx() (which restores the terminal first).
 * Callers own what they get and release it with free().
 */
#ifndef PTOP_XMALLOC_H
#define PTOP_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* realloc to nmemb * size bytes, dying on overflow rather than wrapping. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);
int xasprintf(char **ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int xvasprintf(char **ret, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
