/* The module info and parameter records (see pure_modlink_impl.h) and setting a
 * parameter from "key=value" (modlink_param_set). Records are copied out of
 * the file or image with memcpy: their words are little-endian like every
 * host this runs on (i386 lkmd, x86-64 tests). */
#include <string.h>
#include "uapi/errors.h"
#include "pure_modlink_impl.h"

/* s (an array of cap bytes) holds a NUL; with name_chars, also a name:
 * 1 or more of [A-Za-z0-9_] plus extra (NULL: none). */
static int text_ok(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static int name_ok(const char *s, size_t cap, const char *extra)
{
	if (!text_ok(s, cap) || !*s)
		return 0;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' ||
		      (extra && strchr(extra, c))))
			return 0;
	}
	return 1;
}

static int parse_depends(modlink_info_t *info, const lv_modinfo_t *rec,
			 char *err, size_t errlen)
{
	int ended = 0;
	for (int i = 0; i < LV_MODULE_DEPS_MAX; i++) {
		const char *d = rec->depends[i];
		if (!text_ok(d, LV_MODULE_NAME_MAX) || (*d && ended) ||
		    (*d && !name_ok(d, LV_MODULE_NAME_MAX, "-")) ||
		    strcmp(d, rec->name) == 0)
			return modlink_refuse(
			    err, errlen, -ERR_NOEXEC,
			    "module %s: dependency %d is not a module name "
			    "(or follows an empty one, or is the module)",
			    rec->name, i + 1);
		if (!*d) {
			ended = 1;
			continue;
		}
		memcpy(info->depends[info->ndepends++], d, LV_MODULE_NAME_MAX);
	}
	return 0;
}

static int parse_record(modlink_info_t *info, const uint8_t *bytes,
			uint32_t size, char *err, size_t errlen)
{
	lv_modinfo_t rec;
	if (size != sizeof(rec) && size && size % sizeof(rec) == 0)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "%u module info records: one LV_MODULE "
				      "per module",
				      size / (uint32_t)sizeof(rec));
	if (size != sizeof(rec))
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "section %s: %u bytes, an info record "
				      "has %u",
				      LV_MODINFO_SECTION, size,
				      (uint32_t)sizeof(rec));
	memcpy(&rec, bytes, sizeof(rec));
	if (rec.magic != LV_MODINFO_MAGIC)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "bad magic 0x%08x in the module info "
				      "record: not written by LV_MODULE",
				      rec.magic);
	if (!name_ok(rec.name, sizeof(rec.name), "-"))
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "module name missing, too long or not "
				      "[A-Za-z0-9_-]");
	if (!text_ok(rec.version, sizeof(rec.version)) ||
	    !text_ok(rec.description, sizeof(rec.description)))
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "module %s: version or description "
				      "not terminated",
				      rec.name);
	info->abi_version = rec.abi_version;
	memcpy(info->name, rec.name, sizeof(info->name));
	memcpy(info->version, rec.version, sizeof(info->version));
	memcpy(info->description, rec.description, sizeof(info->description));
	return parse_depends(info, &rec, err, errlen);
}

static uint32_t param_size_ok(uint32_t type, uint32_t size)
{
	switch (type) {
	case LV_MODPARAM_INT: return size == 4;
	case LV_MODPARAM_BOOL: return size == 1;
	case LV_MODPARAM_STRING:
		return size >= 2 && size <= LV_MODPARAM_STRING_MAX;
	default: return 0;
	}
}

static int parse_param(modlink_info_t *info, const lv_modparam_t *p, char *err,
		       size_t errlen)
{
	if (!name_ok(p->name, sizeof(p->name), NULL) ||
	    !text_ok(p->description, sizeof(p->description)))
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "module %s: parameter %d: name or "
				      "description malformed",
				      info->name, info->nparams + 1);
	for (int i = 0; i < info->nparams; i++)
		if (strcmp(info->params[i].name, p->name) == 0)
			return modlink_refuse(err, errlen, -ERR_NOEXEC,
					      "module %s: parameter %s twice",
					      info->name, p->name);
	if (!param_size_ok(p->type, p->size))
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "module %s: parameter %s: type %u with "
				      "%u bytes not supported",
				      info->name, p->name, p->type, p->size);
	modlink_param_t *q = &info->params[info->nparams++];
	memcpy(q->name, p->name, sizeof(q->name));
	memcpy(q->description, p->description, sizeof(q->description));
	q->type = p->type;
	q->size = p->size;
	return 0;
}

int modinfo_parse(modlink_info_t *info, const uint8_t *rec, uint32_t rec_size,
		  const uint8_t *params, uint32_t params_size, char *err,
		  size_t errlen)
{
	int rc = parse_record(info, rec, rec_size, err, errlen);
	if (rc < 0)
		return rc;
	if (params_size % sizeof(lv_modparam_t) ||
	    params_size / sizeof(lv_modparam_t) > LV_MODULE_PARAMS_MAX)
		return modlink_refuse(err, errlen, -ERR_NOEXEC,
				      "section %s: %u bytes, not up to %d "
				      "parameter records",
				      LV_MODPARAM_SECTION, params_size,
				      LV_MODULE_PARAMS_MAX);
	for (uint32_t i = 0; i < params_size / sizeof(lv_modparam_t); i++) {
		lv_modparam_t p;
		memcpy(&p, params + i * sizeof(p), sizeof(p));
		rc = parse_param(info, &p, err, errlen);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static uint32_t word_at(const uint8_t *image, uint32_t off)
{
	uint32_t v;
	memcpy(&v, image + off, sizeof(v));
	return v;
}

/* A function address of the record: 0 (none) or inside text. */
static int place_func(const char *module, const char *what, uint32_t addr,
		      uint32_t base, const modlink_layout_t *layout, int *has,
		      uint32_t *off, char *err, size_t errlen)
{
	*has = addr != 0;
	*off = addr - base;
	if (!addr || *off < layout->text_end)
		return 0;
	return modlink_refuse(err, errlen, -ERR_NOEXEC,
			      "module %s: %s at 0x%x is not in its text",
			      module, what, addr);
}

int modinfo_place(modlink_info_t *info, const uint8_t *image,
		  const modlink_layout_t *layout, uint32_t info_off,
		  uint32_t param_off, uint32_t base, char *err, size_t errlen)
{
	int rc = place_func(
	    info->name, "init",
	    word_at(image, info_off + offsetof(lv_modinfo_t, init)), base,
	    layout, &info->has_init, &info->init_offset, err, errlen);
	if (rc == 0)
		rc = place_func(
		    info->name, "exit",
		    word_at(image, info_off + offsetof(lv_modinfo_t, exit)),
		    base, layout, &info->has_exit, &info->exit_offset, err,
		    errlen);
	for (int i = 0; rc == 0 && i < info->nparams; i++) {
		modlink_param_t *p = &info->params[i];
		uint32_t addr =
		    word_at(image, param_off + i * sizeof(lv_modparam_t) +
				       offsetof(lv_modparam_t, addr));
		p->offset = addr - base;
		if (p->offset < layout->ro_end || p->offset >= layout->size ||
		    layout->size - p->offset < p->size)
			rc = modlink_refuse(err, errlen, -ERR_NOEXEC,
					    "module %s: parameter %s at 0x%x "
					    "is not in its writable data",
					    info->name, p->name, addr);
	}
	return rc;
}

/* int: optional '-', then decimal digits or 0x and hex digits, within
 * int32. 0, -ERR_INVAL (not a number) or -ERR_RANGE. */
static int parse_int(const char *s, int32_t *out)
{
	int neg = *s == '-';
	unsigned base = 10;
	uint64_t v = 0;
	s += neg;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -ERR_INVAL;
	for (; *s; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -ERR_INVAL;
		v = v * base + d;
		if (v > 0x80000000ull)
			return -ERR_RANGE;
	}
	if (!neg && v > 0x7FFFFFFFull)
		return -ERR_RANGE;
	*out = neg ? (int32_t)(0 - v) : (int32_t)v;
	return 0;
}

static int parse_bool(const char *s, uint8_t *out)
{
	static const char *const yes[] = {"1", "y", "true"};
	static const char *const no[] = {"0", "n", "false"};
	for (int i = 0; i < 3; i++) {
		if (strcmp(s, yes[i]) == 0 || strcmp(s, no[i]) == 0) {
			*out = strcmp(s, yes[i]) == 0;
			return 0;
		}
	}
	return -ERR_INVAL;
}

static const modlink_param_t *find_param(const modlink_info_t *info,
					 const char *key, size_t len)
{
	for (int i = 0; i < info->nparams; i++)
		if (strlen(info->params[i].name) == len &&
		    memcmp(info->params[i].name, key, len) == 0)
			return &info->params[i];
	return NULL;
}

/* The value converted into bytes (at most LV_MODPARAM_STRING_MAX). */
static int convert(const modlink_param_t *p, const char *val, uint8_t *bytes,
		   char *err, size_t errlen)
{
	int32_t i;
	int rc;
	switch (p->type) {
	case LV_MODPARAM_INT:
		rc = parse_int(val, &i);
		if (rc < 0)
			return modlink_refuse(err, errlen, rc,
					      "parameter %s: \"%s\" is not an "
					      "int (decimal or 0x hex, "
					      "-2147483648 to 2147483647)",
					      p->name, val);
		memcpy(bytes, &i, sizeof(i));
		return 0;
	case LV_MODPARAM_BOOL:
		if (parse_bool(val, bytes) < 0)
			return modlink_refuse(err, errlen, -ERR_INVAL,
					      "parameter %s: \"%s\" is not a "
					      "bool (0, 1, n, y, false, true)",
					      p->name, val);
		return 0;
	default:
		if (strlen(val) >= p->size)
			return modlink_refuse(err, errlen, -ERR_RANGE,
					      "parameter %s: value of %u "
					      "bytes, at most %u",
					      p->name, (unsigned)strlen(val),
					      p->size - 1);
		memset(bytes, 0, p->size);
		memcpy(bytes, val, strlen(val));
		return 0;
	}
}

int modlink_param_set(const modlink_t *m, void *image, uint32_t image_size,
		      const char *arg, char *err, size_t errlen)
{
	uint8_t bytes[LV_MODPARAM_STRING_MAX];
	const char *eq = strchr(arg, '=');
	if (!m->linked || image_size < m->layout.size)
		return modlink_refuse(err, errlen, -ERR_INVAL,
				      "module not linked into this image");
	if (!eq || eq == arg)
		return modlink_refuse(err, errlen, -ERR_INVAL,
				      "parameter \"%s\": expected key=value",
				      arg);
	const modlink_param_t *p = find_param(&m->info, arg, eq - arg);
	if (!p)
		return modlink_refuse(err, errlen, -ERR_NOENT,
				      "module %s has no parameter \"%.*s\"",
				      m->info.name, (int)(eq - arg), arg);
	int rc = convert(p, eq + 1, bytes, err, errlen);
	if (rc == 0)
		memcpy((uint8_t *)image + p->offset, bytes, p->size);
	return rc;
}
