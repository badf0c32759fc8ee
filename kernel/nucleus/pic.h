/* The two 8259A interrupt controllers. Nucleus-internal. */
#ifndef LAVENDER_NUCLEUS_PIC_H
#define LAVENDER_NUCLEUS_PIC_H

void nu_pic_init(void); /* IRQs 0-15 at vectors 32-47, all masked */
void nu_pic_mask(unsigned irq);
void nu_pic_unmask(unsigned irq);
/* Called from trap dispatch: runs the line's handler and acknowledges it. */
void nu_pic_dispatch(unsigned irq);

#endif
