/* What the C files of the reader's loops share (_pdfium_loops.c is the module; _pdfium_text.c the
 * character boxes and cell texts; _grid.c the table grid, no PDFium). Built with -fvisibility=hidden:
 * only the module's init function is exported. */
#ifndef CHISO_PDFIUM_LOOPS_H
#define CHISO_PDFIUM_LOOPS_H
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef void *H;
typedef struct { float a, b, c, d, e, f; } Matrix;     /* FS_MATRIX */

/* PDFium's functions, given by init() in _pdfium_loops.c */
extern int (*page_count)(H);
extern H (*page_get)(H, int);
extern int (*form_count)(H);
extern H (*form_get)(H, unsigned long);
extern int (*obj_type)(H);
extern int (*obj_matrix)(H, Matrix *);
extern int (*seg_count)(H);
extern H (*seg_get)(H, int);
extern int (*seg_point)(H, float *, float *);
extern int (*seg_type)(H);
extern int (*seg_close)(H);
extern int (*char_box)(H, int, double *, double *, double *, double *);
extern int (*char_origin)(H, int, double *, double *);
extern int (*bounded_text)(H, double, double, double, double, unsigned short *, int);
extern int (*count_chars)(H);
extern unsigned int (*get_unicode)(H, int);
extern int PATH, FORM, MOVETO;

H handle(PyObject *o);
int not_ready(void);

PyObject *cell_texts(PyObject *self, PyObject *args);      /* _pdfium_text.c */
PyObject *line_boxes(PyObject *self, PyObject *args);
PyObject *cells(PyObject *self, PyObject *args);           /* _grid.c */
PyObject *tables(PyObject *self, PyObject *args);
#endif
