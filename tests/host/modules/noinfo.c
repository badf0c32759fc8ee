/* A module without an info record (no LV_MODULE): refused. */
int noinfo_value = 1;

int noinfo_init(void) { return noinfo_value; }
