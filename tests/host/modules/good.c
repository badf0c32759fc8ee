/* A well-formed module for the module linker's tests (test_modlink.c):
 * every kind of loaded section, R_386_32 and R_386_PC32 relocations against
 * exported, local and section symbols with addends, aligned data, the info
 * record and one parameter of each type. The exports (ext_var, ext_func)
 * come from the test's fake export table. */
#include "lavender/module.h"

extern int ext_var;
extern void ext_func(void);

int local_arr[8] = {1, 2, 3};
int *p_ext = &ext_var;		      /* R_386_32: S */
int *p_ext_off = &ext_var + 2;	      /* R_386_32: S + 8 */
int *p_local = &local_arr[3];	      /* R_386_32 against local_arr: S + 12 */
const int ro_table[4] = {5, 6, 7, 8}; /* read-only data */
__attribute__((aligned(64))) int aligned64[4] = {0x64};
__attribute__((aligned(256))) int bss_arr[100]; /* bss */

static int irq = 9;
static bool debug;
static char mode[16] = "auto";
LV_MODULE_PARAM(irq, int, "IRQ line of the card");
LV_MODULE_PARAM(debug, bool, "log every frame");
LV_MODULE_PARAM(mode, string, "media type");

static int good_init(void)
{
	ext_func();
	bss_arr[irq] = ext_var + debug + mode[0];
	return 0;
}

static void good_exit(void) { ext_func(); }

/* R_386_PC32 in data (to an export, with an addend, to a local function
 * through its section symbol) and in text (a call, addend -4). */
__asm__(".section .data\n"
	".globl pc_word, pc_word_add, pc_local\n"
	"pc_word: .long ext_func - .\n"
	"pc_word_add: .long ext_func - . + 16\n"
	"pc_local: .long local_fn - .\n"
	".text\n"
	".globl tramp\n"
	"tramp: call ext_func\n"
	"ret\n"
	"local_fn: ret\n");

LV_MODULE(.name = "good", .version = "1.2.3",
	  .description = "module linker test fixture", .init = good_init,
	  .exit = good_exit, .depends = {"base", "util-x"});
