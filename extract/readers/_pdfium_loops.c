/* The reader's hot loops over PDFium, in C (extract/readers/pdfium_c.py loads it; pure-Python fallback
 * in pdf_tables.py and pdf_page.py): this file the module and the path objects, _pdfium_text.c the
 * character boxes and cell texts, _grid.c the table grid. The loops make the PDFium calls the Python
 * code makes (the cell texts: PDFium's own per-cell scan run over the characters read once), with the
 * same double arithmetic in the same order, but without one ctypes call per object, segment, character
 * box or cell (on Word-like PDFs those calls cost more than PDFium's work behind them).
 * PDFium's functions come as addresses from pypdfium2's ctypes bindings (init), so no PDFium header
 * or library is needed to build this. Built with -ffp-contract=off: no fused multiply-add, so every
 * coordinate is the bit Python computes. */
#include "_pdfium_loops.h"

int (*page_count)(H);
H (*page_get)(H, int);
int (*form_count)(H);
H (*form_get)(H, unsigned long);
int (*obj_type)(H);
int (*obj_matrix)(H, Matrix *);
int (*seg_count)(H);
H (*seg_get)(H, int);
int (*seg_point)(H, float *, float *);
int (*seg_type)(H);
int (*seg_close)(H);
int (*char_box)(H, int, double *, double *, double *, double *);
int (*char_origin)(H, int, double *, double *);
int (*bounded_text)(H, double, double, double, double, unsigned short *, int);
int (*count_chars)(H);
unsigned int (*get_unicode)(H, int);
int PATH, FORM, MOVETO;
static int ready = 0;

#define NFUNCS 16

/* init((addresses of the 16 functions, in this file's order), (PATH, FORM, MOVETO)) */
static PyObject *init(PyObject *self, PyObject *args) {
    PyObject *fs;
    if (!PyArg_ParseTuple(args, "O(iii)", &fs, &PATH, &FORM, &MOVETO))
        return NULL;
    fs = PySequence_Fast(fs, "a sequence of addresses");
    if (!fs)
        return NULL;
    if (PySequence_Fast_GET_SIZE(fs) != NFUNCS) {
        Py_DECREF(fs);
        PyErr_SetString(PyExc_ValueError, "wrong number of PDFium functions");
        return NULL;
    }
    void *p[NFUNCS];
    for (int i = 0; i < NFUNCS; i++) {
        p[i] = PyLong_AsVoidPtr(PySequence_Fast_GET_ITEM(fs, i));
        if (!p[i]) {
            Py_DECREF(fs);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "a null PDFium function");
            return NULL;
        }
    }
    Py_DECREF(fs);
    page_count = p[0]; page_get = p[1]; form_count = p[2]; form_get = p[3]; obj_type = p[4];
    obj_matrix = p[5]; seg_count = p[6]; seg_get = p[7]; seg_point = p[8]; seg_type = p[9];
    seg_close = p[10]; char_box = p[11]; char_origin = p[12]; bounded_text = p[13]; count_chars = p[14];
    get_unicode = p[15];
    ready = 1;
    Py_RETURN_NONE;
}

H handle(PyObject *o) {
    H h = PyLong_AsVoidPtr(o);
    if (!h && !PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, "a null PDFium handle");
    return h;
}

int not_ready(void) {
    if (ready)
        return 0;
    PyErr_SetString(PyExc_RuntimeError, "init() first");
    return 1;
}

/* ------------------------------------------------------------ segments (pdf_tables.path_segments) */

typedef struct {
    PyObject *hs, *vs;
    double height;
    Matrix m;           /* shared, as the Python walk reuses one FS_MATRIX (a failed call leaves it) */
} Walk;

static int append5(PyObject *list, double a, double b, double c, double d, double e) {
    PyObject *s = PyList_New(5);
    if (!s)
        return -1;
    double v[5] = {a, b, c, d, e};
    for (int i = 0; i < 5; i++) {
        PyObject *f = PyFloat_FromDouble(v[i]);
        if (!f) {
            Py_DECREF(s);
            return -1;
        }
        PyList_SET_ITEM(s, i, f);
    }
    int r = PyList_Append(list, s);
    Py_DECREF(s);
    return r;
}

static int add(Walk *w, double p0x, double p0y, double p1x, double p1y) {
    if (fabs(p0y - p1y) < 0.01) {
        double x0 = p0x, x1 = p1x;
        if (!(p0x <= p1x)) { x0 = p1x; x1 = p0x; }
        if (x1 - x0 >= 1) {
            double y = p1y > p0y ? p1y : p0y;              /* Python's max: the first unless the second is larger */
            return append5(w->hs, x0, y, x1, y, x1 - x0);
        }
    } else if (fabs(p0x - p1x) < 0.01) {
        double top = p0y, bottom = p1y;
        if (!(p0y <= p1y)) { top = p1y; bottom = p0y; }
        if (bottom - top >= 1) {
            double x = p0x <= p1x ? p1x : p0x;
            return append5(w->vs, x, top, x, bottom, bottom - top);
        }
    }
    return 0;
}

static int walk(Walk *w, H holder, int form, int level, const double *outer) {
    int n = form ? form_count(holder) : page_count(holder);
    for (int k = 0; k < n; k++) {
        H obj = form ? form_get(holder, (unsigned long)k) : page_get(holder, k);
        int kind = obj_type(obj);
        if (kind != PATH && kind != FORM)
            continue;
        obj_matrix(obj, &w->m);
        double mat[6] = {w->m.a, w->m.b, w->m.c, w->m.d, w->m.e, w->m.f};
        if (outer) {
            double a = mat[0], b = mat[1], c = mat[2], d = mat[3], e = mat[4], f = mat[5];
            double A = outer[0], B = outer[1], C = outer[2], D = outer[3], E = outer[4], F = outer[5];
            mat[0] = a * A + b * C; mat[1] = a * B + b * D; mat[2] = c * A + d * C; mat[3] = c * B + d * D;
            mat[4] = e * A + f * C + E; mat[5] = e * B + f * D + F;
        }
        if (kind == FORM) {
            if (level < 2 && walk(w, obj, 1, level + 1, mat) < 0)
                return -1;
            continue;
        }
        double a = mat[0], b = mat[1], c = mat[2], d = mat[3], e = mat[4], f = mat[5];
        double sx = 0, sy = 0, px = 0, py = 0;
        int have = 0;
        int ns = seg_count(obj);
        for (int i = 0; i < ns; i++) {
            H seg = seg_get(obj, i);
            float fx, fy;
            if (!seg_point(seg, &fx, &fy))
                continue;
            double x = fx, y = fy;
            double tx = a * x + c * y + e, ty = w->height - (b * x + d * y + f);
            if (!have) {                    /* a path's first point: it starts there, closed or not */
                sx = px = tx; sy = py = ty;
                have = 1;
                continue;
            }
            if (seg_type(seg) == MOVETO) {
                sx = tx; sy = ty;
            } else if (add(w, px, py, tx, ty) < 0) {
                return -1;
            }
            if (seg_close(seg) && (sx != tx || sy != ty)) {
                if (add(w, tx, ty, sx, sy) < 0)
                    return -1;
                tx = sx; ty = sy;
            }
            px = tx; py = ty;
        }
    }
    return 0;
}

/* segments(page handle, height) -> (horizontal, vertical), as pdf_tables.path_segments */
static PyObject *segments(PyObject *self, PyObject *args) {
    PyObject *ph;
    Walk w;
    if (not_ready() || !PyArg_ParseTuple(args, "Od", &ph, &w.height))
        return NULL;
    H page = handle(ph);
    if (!page)
        return NULL;
    memset(&w.m, 0, sizeof w.m);
    w.hs = PyList_New(0);
    w.vs = PyList_New(0);
    if (!w.hs || !w.vs || walk(&w, page, 0, 0, NULL) < 0) {
        Py_XDECREF(w.hs);
        Py_XDECREF(w.vs);
        return NULL;
    }
    return Py_BuildValue("(NN)", w.hs, w.vs);
}

/* ------------------------------------------------------------ path objects counted (pdf_page._paths) */

static long paths_in(H holder, int form, long enough, int depth) {
    int n_ = form ? form_count(holder) : page_count(holder);
    long n = 0;
    for (int k = 0; k < n_; k++) {
        H obj = form ? form_get(holder, (unsigned long)k) : page_get(holder, k);
        int kind = obj_type(obj);
        if (kind == PATH)
            n += 1;
        else if (kind == FORM && depth < 2)
            n += paths_in(obj, 1, enough - n, depth + 1);
        if (n >= enough)
            break;
    }
    return n;
}

/* count_paths(page handle, enough) -> the path objects of the page and its forms, up to enough */
static PyObject *count_paths(PyObject *self, PyObject *args) {
    PyObject *ph;
    long enough;
    if (not_ready() || !PyArg_ParseTuple(args, "Ol", &ph, &enough))
        return NULL;
    H page = handle(ph);
    if (!page)
        return NULL;
    return PyLong_FromLong(paths_in(page, 0, enough, 0));
}

static PyMethodDef methods[] = {
    {"init", init, METH_VARARGS, "init(addresses, (PATH, FORM, MOVETO)): PDFium's functions"},
    {"segments", segments, METH_VARARGS, "segments(page, height) -> (horizontal, vertical)"},
    {"cells", cells, METH_VARARGS, "cells(horizontal lines, vertical lines) -> cells of the grid"},
    {"tables", tables, METH_VARARGS, "tables(cells) -> [[cell]] of the tables they make"},
    {"count_paths", count_paths, METH_VARARGS, "count_paths(page, enough) -> path objects, up to enough"},
    {"cell_texts", cell_texts, METH_VARARGS, "cell_texts(textpage, height, cells, inset) -> [str]"},
    {"line_boxes", line_boxes, METH_VARARGS, "line_boxes(textpage, height, text, inner) -> (lines, failed)"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdfium_loops", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pdfium_loops(void) { return PyModule_Create(&module); }
