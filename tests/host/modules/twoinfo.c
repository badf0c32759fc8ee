/* Two info records in one file: refused (one module per file). */
#include "lavender/module.h"

static int two_init(void) { return 0; }

LV_MODULE(.name = "two", .init = two_init);

__attribute__((section(LV_MODINFO_SECTION), used,
	       aligned(4))) static const struct lv_module_record second = {
    .magic = LV_MODINFO_MAGIC,
    .abi_version = LV_KERNEL_ABI_VERSION,
    .name = "second",
};
