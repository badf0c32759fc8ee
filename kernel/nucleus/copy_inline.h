/* A fault-checked copy the compiler can inline into hot paths (IPC): the
 * same contract as nu_copy_checked, with its fixup entries emitted in place.
 * Under emulation a call and return cost as much as a short copy. */
#ifndef LAVENDER_NUCLEUS_COPY_INLINE_H
#define LAVENDER_NUCLEUS_COPY_INLINE_H
#include <stddef.h>
#include <stdint.h>

/* Copies n bytes (a multiple of 4 is fastest); 0, or -ERR_FAULT (-14) if a
 * page fault stops it part way. */
static inline __attribute__((always_inline)) int
nu_copy_checked_inline(void *dst, const void *src, size_t n)
{
	int rc = 0;
	size_t words = n / 4, bytes = n % 4;
	__asm__ volatile("1: rep movsl\n\t"
			 "movl %[bytes], %%ecx\n"
			 "2: rep movsb\n"
			 "3:\n\t"
			 ".pushsection .text.fixup, \"ax\"\n"
			 "4: movl $-14, %[rc]\n\t"
			 "jmp 3b\n\t"
			 ".popsection\n\t"
			 ".pushsection .fixup, \"a\"\n\t"
			 ".long 1b, 4b, 2b, 4b\n\t"
			 ".popsection"
			 : [rc] "+r"(rc), "+D"(dst), "+S"(src), "+c"(words)
			 : [bytes] "rm"(bytes)
			 : "memory");
	return rc;
}

/* Copies exactly 32 bytes (an IPC message header) with no loop: under
 * emulation each iteration of a string move is a block of its own. 0, or
 * -ERR_FAULT (-14). Every load and store has its fixup entry. */
#define NU_COPY_WORD(k)                                                        \
	"10" #k ": movl " #k "*4(%[s]), %[t]\n\t"                              \
	"11" #k ": movl %[t], " #k "*4(%[d])\n\t"                              \
	".pushsection .fixup, \"a\"\n\t"                                       \
	".long 10" #k "b, 9f, 11" #k "b, 9f\n\t"                               \
	".popsection\n\t"

static inline __attribute__((always_inline)) int
nu_copy32_checked_inline(void *dst, const void *src)
{
	int rc = 0;
	uint32_t tmp;
	__asm__ volatile(
	    NU_COPY_WORD(0) NU_COPY_WORD(1) NU_COPY_WORD(2) NU_COPY_WORD(3)
		NU_COPY_WORD(4) NU_COPY_WORD(5) NU_COPY_WORD(6)
		    NU_COPY_WORD(7) "8:\n\t"
				    ".pushsection .text.fixup, \"ax\"\n"
				    "9: movl $-14, %[rc]\n\t"
				    "jmp 8b\n\t"
				    ".popsection"
	    : [rc] "+r"(rc), [t] "=&r"(tmp)
	    : [d] "r"(dst), [s] "r"(src)
	    : "memory");
	return rc;
}

#endif
