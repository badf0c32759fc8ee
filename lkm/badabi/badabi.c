/* A test module built for another kernel ABI version (its info record
 * written by hand, as LV_MODULE would with version 99): lkmd refuses it
 * naming both versions, and modinfo still describes it. */
#include "lavender/kernel.h"
#include "lavender/module.h"

static __attribute__((section(LV_MODINFO_SECTION), used, aligned(4)))
const struct lv_module_record lv_module_info = {
    .magic = LV_MODINFO_MAGIC,
    .abi_version = 99,
    .name = "badabi",
    .version = "1.0",
    .description = "test: built for kernel ABI version 99"};
