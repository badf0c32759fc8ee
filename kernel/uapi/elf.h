/* ELF32 file-format definitions for i386: the one copy the kernel's program
 * loader (system/elf.c), the module linker (servers/lkmd) and the host tests
 * share. Only structures and constants: no code, nothing but <stdint.h>.
 * Source: System V ABI, generic part (gABI), chapter 4 "Object Files" and
 * chapter 5 "Program Loading and Dynamic Linking"; Intel386 processor
 * supplement (i386 psABI), "Relocation Types". Names are the spec's. */
#ifndef LAVENDER_UAPI_ELF_H
#define LAVENDER_UAPI_ELF_H
#include <stdint.h>

/* gABI 4 "ELF Header": e_ident[] indexes and values. */
#define EI_NIDENT 16
#define EI_MAG0 0 /* "\177ELF" in bytes 0-3 */
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFMAG "\177ELF"
#define SELFMAG 4
#define ELFCLASS32 1
#define ELFDATA2LSB 1 /* two's complement, little-endian */
#define EV_CURRENT 1

/* gABI 4 "ELF Header": e_type and e_machine. */
#define ET_NONE 0
#define ET_REL 1 /* relocatable: a kernel module */
#define ET_EXEC 2
#define ET_DYN 3 /* shared object: a static-PIE program */
#define EM_386 3

typedef struct elf32_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum,
	    e_shstrndx;
} elf32_ehdr_t;

/* gABI 4 "Sections": special section indexes (st_shndx, e_shstrndx). */
#define SHN_UNDEF 0
#define SHN_LORESERVE 0xFF00u
#define SHN_ABS 0xFFF1u
#define SHN_COMMON 0xFFF2u
#define SHN_XINDEX 0xFFFFu

/* gABI 4 "Sections": sh_type. */
#define SHT_NULL 0
#define SHT_PROGBITS 1
#define SHT_SYMTAB 2
#define SHT_STRTAB 3
#define SHT_RELA 4
#define SHT_HASH 5
#define SHT_DYNAMIC 6
#define SHT_NOTE 7
#define SHT_NOBITS 8
#define SHT_REL 9
#define SHT_DYNSYM 11
#define SHT_INIT_ARRAY 14
#define SHT_FINI_ARRAY 15
#define SHT_PREINIT_ARRAY 16
#define SHT_GROUP 17
#define SHT_SYMTAB_SHNDX 18

/* gABI 4 "Sections": sh_flags. */
#define SHF_WRITE 0x1u
#define SHF_ALLOC 0x2u
#define SHF_EXECINSTR 0x4u
#define SHF_TLS 0x400u

typedef struct elf32_shdr {
	uint32_t sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size;
	uint32_t sh_link, sh_info, sh_addralign, sh_entsize;
} elf32_shdr_t;

/* gABI 4 "Symbol Table": st_info is binding << 4 | type. */
#define ELF32_ST_BIND(info) ((info) >> 4)
#define ELF32_ST_TYPE(info) ((info)&0xF)
#define STB_LOCAL 0
#define STB_GLOBAL 1
#define STB_WEAK 2
#define STT_NOTYPE 0
#define STT_OBJECT 1
#define STT_FUNC 2
#define STT_SECTION 3
#define STT_FILE 4
#define STT_COMMON 5
#define STT_TLS 6

typedef struct elf32_sym {
	uint32_t st_name, st_value, st_size;
	uint8_t st_info, st_other;
	uint16_t st_shndx;
} elf32_sym_t;

/* gABI 4 "Relocation": r_info is symbol index << 8 | type. i386 uses REL
 * (the addend is the word at r_offset); RELA is listed to be refused. */
#define ELF32_R_SYM(info) ((info) >> 8)
#define ELF32_R_TYPE(info) ((info)&0xFF)

typedef struct elf32_rel {
	uint32_t r_offset, r_info;
} elf32_rel_t;

typedef struct elf32_rela {
	uint32_t r_offset, r_info;
	int32_t r_addend;
} elf32_rela_t;

/* i386 psABI "Relocation Types" (S: the symbol's value, A: the addend, P:
 * the address of the word relocated, B: the load base). */
#define R_386_NONE 0
#define R_386_32 1   /* S + A */
#define R_386_PC32 2 /* S + A - P */
#define R_386_GOT32 3
#define R_386_PLT32 4
#define R_386_COPY 5
#define R_386_GLOB_DAT 6
#define R_386_JMP_SLOT 7
#define R_386_RELATIVE 8 /* B + A */
#define R_386_GOTOFF 9
#define R_386_GOTPC 10
#define R_386_32PLT 11
#define R_386_16 20
#define R_386_PC16 21
#define R_386_8 22
#define R_386_PC8 23
#define R_386_IRELATIVE 42
#define R_386_GOT32X 43

/* gABI 5 "Program Header": p_type and p_flags. */
#define PT_NULL 0
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_PHDR 6
#define PF_X 0x1u
#define PF_W 0x2u
#define PF_R 0x4u

typedef struct elf32_phdr {
	uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags,
	    p_align;
} elf32_phdr_t;

/* gABI 5 "Dynamic Section": d_tag values the program loader reads. */
#define DT_NULL 0
#define DT_REL 17
#define DT_RELSZ 18
#define DT_RELENT 19
#define DT_DEBUG 21
#define DT_TEXTREL 22

typedef struct elf32_dyn {
	int32_t d_tag;
	uint32_t d_val;
} elf32_dyn_t;

_Static_assert(sizeof(elf32_ehdr_t) == 52, "gABI: Elf32_Ehdr is 52 bytes");
_Static_assert(sizeof(elf32_shdr_t) == 40, "gABI: Elf32_Shdr is 40 bytes");
_Static_assert(sizeof(elf32_sym_t) == 16, "gABI: Elf32_Sym is 16 bytes");
_Static_assert(sizeof(elf32_rel_t) == 8, "gABI: Elf32_Rel is 8 bytes");
_Static_assert(sizeof(elf32_rela_t) == 12, "gABI: Elf32_Rela is 12 bytes");
_Static_assert(sizeof(elf32_phdr_t) == 32, "gABI: Elf32_Phdr is 32 bytes");
_Static_assert(sizeof(elf32_dyn_t) == 8, "gABI: Elf32_Dyn is 8 bytes");

#endif
