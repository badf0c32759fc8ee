/* A parameter record whose variable is read-only data (written by hand:
 * LV_MODULE_PARAM refuses a const variable at compile time): refused at
 * link, since setting it would write the module's read-only data. */
#include "lavender/module.h"

static const int limit = 4;

__attribute__((
    section(LV_MODPARAM_SECTION), used,
    aligned(4))) static const struct lv_module_param_record limit_param = {
    .name = "limit",
    .description = "a constant",
    .type = LV_MODPARAM_INT,
    .size = sizeof(limit),
    .addr = (void *)&limit};

static int badparam_init(void) { return limit; }

LV_MODULE(.name = "badparam", .init = badparam_init);
