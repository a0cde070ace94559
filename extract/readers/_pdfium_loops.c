/* The reader's hot loops over PDFium, in C (extract/readers/pdfium_c.py loads it; pure-Python fallback
 * in pdf_tables.py and pdf_page.py). Each loop makes the very PDFium calls the Python code makes, with
 * the same double arithmetic in the same order, but without one ctypes call per object, segment,
 * character box or cell (on Word-like PDFs those calls cost more than PDFium's work behind them).
 * PDFium's functions come as addresses from pypdfium2's ctypes bindings (init), so no PDFium header
 * or library is needed to build this. Built with -ffp-contract=off: no fused multiply-add, so every
 * coordinate is the bit Python computes. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>

typedef void *H;
typedef struct { float a, b, c, d, e, f; } Matrix;     /* FS_MATRIX */

static int (*page_count)(H);
static H (*page_get)(H, int);
static int (*form_count)(H);
static H (*form_get)(H, unsigned long);
static int (*obj_type)(H);
static int (*obj_matrix)(H, Matrix *);
static int (*seg_count)(H);
static H (*seg_get)(H, int);
static int (*seg_point)(H, float *, float *);
static int (*seg_type)(H);
static int (*seg_close)(H);
static int (*char_box)(H, int, double *, double *, double *, double *);
static int (*char_origin)(H, int, double *, double *);
static int (*bounded_text)(H, double, double, double, double, unsigned short *, int);
static int (*count_chars)(H);
static unsigned int (*get_unicode)(H, int);
static int PATH, FORM, MOVETO;
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

static H handle(PyObject *o) {
    H h = PyLong_AsVoidPtr(o);
    if (!h && !PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, "a null PDFium handle");
    return h;
}

static int not_ready(void) {
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

/* ------------------------------------------------------------ cell texts (pdf_tables._cell_reader) */

/* FPDFText_GetBoundedText scans every character of the page for each cell (PDFium's
 * CPDF_TextPage::GetTextByRect). Here the page's characters are read once (box, origin, code point:
 * what that scan looks at) and the same scan runs for each cell over them, in the same float
 * arithmetic: a character belongs to the cell when their boxes' intersection is not empty; "\r\n"
 * before a character that follows one outside the cell on another baseline; a space outside the cell
 * kept after a character inside it. tests/test_pdfium_c.py checks every cell against PDFium's own call. */

typedef struct { float l, r, b, t, oy; unsigned int u; } Char;

static Char *page_chars(H tp, int *count) {
    int n = count_chars(tp);
    if (n < 0)
        n = 0;
    Char *cs = malloc(sizeof(Char) * (n + 1));
    if (!cs)
        return NULL;
    for (int i = 0; i < n; i++) {
        double l = 0, r = 0, b = 0, t = 0, ox = 0, oy = 0;
        char_box(tp, i, &l, &r, &b, &t);          /* doubles made of PDFium's floats: exact back */
        char_origin(tp, i, &ox, &oy);
        Char *c = cs + i;
        c->l = (float)l; c->r = (float)r; c->b = (float)b; c->t = (float)t;
        if (c->l > c->r) { float x = c->l; c->l = c->r; c->r = x; }       /* CFX_FloatRect::Normalize */
        if (c->b > c->t) { float x = c->b; c->b = c->t; c->t = x; }
        c->oy = (float)oy;
        c->u = get_unicode(tp, i);
    }
    *count = n;
    return cs;
}

/* pdf_tables._clean of a cell's text on one line, its shortcut: PDFium's hyphen marks (U+FFFE, U+0002)
 * made "-", and if then no character is "\r" or unprintable (so the only white space is " "), the
 * words joined by one space. Py_None when the text is not such a line (Python's _clean takes it). */
static PyObject *one_line(PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_UCS4 *out = PyMem_Malloc(sizeof(Py_UCS4) * (n + 1));
    if (!out)
        return PyErr_NoMemory();
    Py_ssize_t k = 0;
    int space = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == 0xFFFE || c == 0x02)
            c = '-';
        if (c == '\r' || !Py_UNICODE_ISPRINTABLE(c)) {
            PyMem_Free(out);
            Py_RETURN_NONE;
        }
        if (c == ' ') {
            space = 1;
            continue;
        }
        if (space && k)
            out[k++] = ' ';
        space = 0;
        out[k++] = c;
    }
    PyObject *r = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, k);
    PyMem_Free(out);
    return r;
}

static const Char *sort_chars;      /* qsort has no context argument: the page being sorted */

static int by_char_bottom(const void *a, const void *b) {
    float x = sort_chars[*(const int *)a].b, y = sort_chars[*(const int *)b].b;
    return x < y ? -1 : x > y ? 1 : *(const int *)a - *(const int *)b;
}

static int by_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

/* cell_texts(text page handle, height, cells [(x0, top, x1, bottom)], inset) -> (texts, slow): what
 * FPDFText_GetBoundedText gives for each cell shrunk by inset into a buffer of 3 * chars + 64, trailing
 * NULs dropped ("" for a cell too small or empty), made one line by one_line; slow: the indices of the
 * texts one_line left as they were (pdf_tables._clean cleans them) */
static PyObject *cell_texts(PyObject *self, PyObject *args) {
    PyObject *th, *cells;
    double height, d;
    if (not_ready() || !PyArg_ParseTuple(args, "OdOd", &th, &height, &cells, &d))
        return NULL;
    H tp = handle(th);
    if (!tp)
        return NULL;
    cells = PySequence_Fast(cells, "a sequence of cells");
    if (!cells)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(cells);
    int nc = 0;
    Char *cs = page_chars(tp, &nc);
    int size = 3 * nc + 64;                         /* the buffer the Python call hands PDFium */
    unsigned short *buf = malloc(sizeof(unsigned short) * (4 * (size_t)nc + 8));
    PyObject *out = PyList_New(n), *slow = PyList_New(0);
    int *by_bottom = NULL, *hits = NULL, *nonspace = NULL;
    if (!cs || !buf || !out || !slow) {
        free(cs);
        free(buf);
        Py_XDECREF(out);
        Py_XDECREF(slow);
        Py_DECREF(cells);
        return PyErr_NoMemory();
    }
    by_bottom = malloc(sizeof(int) * (nc + 1));
    hits = malloc(sizeof(int) * (nc + 1));
    nonspace = malloc(sizeof(int) * (nc + 1));     /* non-space characters before each index */
    if (!by_bottom || !hits || !nonspace) {
        PyErr_NoMemory();
        goto fail;
    }
    float tallest = 0;
    nonspace[0] = 0;
    for (int j = 0; j < nc; j++) {
        by_bottom[j] = j;
        nonspace[j + 1] = nonspace[j] + (cs[j].u != ' ');
        if (cs[j].t - cs[j].b > tallest)
            tallest = cs[j].t - cs[j].b;
    }
    sort_chars = cs;
    qsort(by_bottom, nc, sizeof(int), by_char_bottom);
    double d2 = 2 * d;
    for (Py_ssize_t i = 0; i < n; i++) {
        double x0, top, x1, bottom;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(cells, i), "dddd", &x0, &top, &x1, &bottom))
            goto fail;
        PyObject *s = NULL;
        if (!(x1 - x0 <= d2 || bottom - top <= d2)) {
            /* FPDFText_GetBoundedText's rectangle: CFX_FloatRect(left, bottom, right, top), normalized */
            float L = (float)(x0 + d), T = (float)(height - top - d), R = (float)(x1 - d), B = (float)(height - bottom + d);
            if (L > R) { float x = L; L = R; R = x; }
            if (B > T) { float x = B; B = T; T = x; }
            /* the characters in the cell: by bisection over the characters sorted by bottom (a box
             * meets the cell only if its bottom lies within the tallest box's height under the cell) */
            int lo = 0, hi = nc;
            float from = B - tallest;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (cs[by_bottom[mid]].b < from) lo = mid + 1; else hi = mid;
            }
            int nm = 0;
            for (int q = lo; q < nc && cs[by_bottom[q]].b < T; q++) {
                const Char *c = cs + by_bottom[q];
                float il = L > c->l ? L : c->l, ir = R < c->r ? R : c->r;
                float ib = B > c->b ? B : c->b, it = T < c->t ? T : c->t;
                if (il < ir && ib < it)
                    hits[nm++] = by_bottom[q];
            }
            qsort(hits, nm, sizeof(int), by_int);
            /* PDFium's scan, taking the characters outside the cell a gap at a time: in a gap only its
             * first character (a space kept after one inside) and whether it holds any non-space count */
            Py_ssize_t k = 0;
            float posy = 0;
            int pre = 0, feed = 0, next = 0;
            for (int h = 0; h <= nm; h++) {
                int m = h < nm ? hits[h] : nc;
                if (next < m) {
                    int start = next;
                    if (pre && cs[next].u == ' ') {
                        buf[k++] = ' ';
                        feed = 0;
                        start = next + 1;
                    }
                    pre = 0;
                    if (nonspace[m] - nonspace[start] > 0)
                        feed = 1;
                }
                if (h == nm)
                    break;
                const Char *c = cs + m;
                if (fabsf(posy - c->oy) > 0 && !pre && feed) {
                    posy = c->oy;
                    if (k) { buf[k++] = '\r'; buf[k++] = '\n'; }
                }
                pre = 1;
                feed = 0;
                unsigned int u = c->u;
                if (u) {
                    if (u > 0xFFFF) {                   /* WideString::ToUTF16LE: a surrogate pair */
                        u -= 0x10000;
                        buf[k++] = (unsigned short)(0xD800 | ((u >> 10) & 0x3FF));
                        buf[k++] = (unsigned short)(0xDC00 | (u & 0x3FF));
                    } else {
                        buf[k++] = (unsigned short)u;
                    }
                }
                next = m + 1;
            }
            if (k + 1 > size)                           /* PDFium copies at most the buffer's length */
                k = size;
            while (k > 0 && buf[k - 1] == 0)
                k--;
            if (k > 0) {
                int order = -1;                         /* little-endian, as utf_16_le_decode */
                s = PyUnicode_DecodeUTF16((const char *)buf, 2 * k, "ignore", &order);
                if (!s)
                    goto fail;
                PyObject *one = one_line(s);
                if (!one) {
                    Py_DECREF(s);
                    goto fail;
                }
                if (one == Py_None) {                   /* more than one line: pdf_tables._clean */
                    PyObject *at = PyLong_FromSsize_t(i);
                    if (!at || PyList_Append(slow, at) < 0) {
                        Py_XDECREF(at);
                        Py_DECREF(s);
                        goto fail;
                    }
                    Py_DECREF(at);
                } else {
                    Py_DECREF(s);
                    s = one;
                }
            }
        }
        if (!s)
            s = PyUnicode_New(0, 0);
        PyList_SET_ITEM(out, i, s);
    }
    free(cs);
    free(buf);
    free(by_bottom);
    free(hits);
    free(nonspace);
    Py_DECREF(cells);
    return Py_BuildValue("(NN)", out, slow);
fail:
    free(cs);
    free(buf);
    free(by_bottom);
    free(hits);
    free(nonspace);
    Py_DECREF(cells);
    Py_DECREF(out);
    Py_DECREF(slow);
    return NULL;
}

/* ------------------------------------------------------------ line boxes (pdf_page._page_lines) */

/* line_boxes(text page handle, height, text, inner or None) -> ([(stripped, x0, x1, top, bottom, base,
 * first, last)], failed): the text split at "\r\n", each line stripped as str.strip does, its box from
 * its first and last character and its baseline from the first's origin. With inner (tables' boxes in
 * PDF coordinates, (x0, lo, x1, hi)), a line whose first character's box, widened by two of its heights
 * (at least 8), lies inside one is left out unmeasured (pdf_page._lines_around). failed: a character
 * box PDFium did not give (the lines before it are returned). */
static PyObject *line_boxes(PyObject *self, PyObject *args) {
    PyObject *th, *text, *inner_o;
    double height;
    if (not_ready() || !PyArg_ParseTuple(args, "OdUO", &th, &height, &text, &inner_o))
        return NULL;
    H tp = handle(th);
    if (!tp)
        return NULL;
    double *inner = NULL;
    Py_ssize_t ni = 0;
    if (inner_o != Py_None) {
        PyObject *seq = PySequence_Fast(inner_o, "a sequence of boxes");
        if (!seq)
            return NULL;
        ni = PySequence_Fast_GET_SIZE(seq);
        inner = malloc(sizeof(double) * 4 * (ni + 1));
        if (!inner) {
            Py_DECREF(seq);
            return PyErr_NoMemory();
        }
        for (Py_ssize_t i = 0; i < ni; i++) {
            double *q = inner + 4 * i;
            if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "dddd", q, q + 1, q + 2, q + 3)) {
                free(inner);
                Py_DECREF(seq);
                return NULL;
            }
        }
        Py_DECREF(seq);
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (!out) {
        free(inner);
        return NULL;
    }
    int failed = 0;
    Py_ssize_t pos = 0;
    while (pos <= len) {
        Py_ssize_t end = pos;               /* the next "\r\n" (str.split's pieces) */
        while (end < len && !(PyUnicode_READ(kind, data, end) == '\r' && end + 1 < len
                              && PyUnicode_READ(kind, data, end + 1) == '\n'))
            end++;
        Py_ssize_t a = pos, b = end;
        while (a < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a)))
            a++;
        while (b > a && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)))
            b--;
        if (a < b) {
            int first = (int)a, last = (int)(b - 1);
            double l0, r0, b0, t0, l1, r1, b1, t1, ox = 0, oy = 0;
            if (!char_box(tp, first, &l0, &r0, &b0, &t0)) {
                failed = 1;
                break;
            }
            int inside = 0;
            if (inner) {
                double m = 2 * (t0 - b0);
                if (m < 8)
                    m = 8;
                for (Py_ssize_t i = 0; i < ni; i++) {
                    const double *q = inner + 4 * i;
                    if (l0 < q[2] && r0 > q[0] && b0 - m >= q[1] && t0 + m <= q[3]) {
                        inside = 1;
                        break;
                    }
                }
            }
            if (!inside) {
                if (!char_box(tp, last, &l1, &r1, &b1, &t1)) {
                    failed = 1;
                    break;
                }
                char_origin(tp, first, &ox, &oy);
                double x0 = l1 < l0 ? l1 : l0;
                double x1 = r1 > r0 ? r1 : r0;
                double top = height - (t1 > t0 ? t1 : t0);
                double bottom = height - (b1 < b0 ? b1 : b0);
                PyObject *s = PyUnicode_Substring(text, a, b);
                PyObject *t = s ? Py_BuildValue("(Nddddd ii)", s, x0, x1, top, bottom, height - oy, first, last) : NULL;
                if (!t || PyList_Append(out, t) < 0) {
                    Py_XDECREF(t);
                    Py_DECREF(out);
                    free(inner);
                    return NULL;
                }
                Py_DECREF(t);
            }
        }
        pos = end + 2;
    }
    free(inner);
    return Py_BuildValue("(NO)", out, failed ? Py_True : Py_False);
}

/* ------------------------------------------------------------ cells of a grid (pdf_tables._cells) */

/* No PDFium here: pdf_tables._cells(_crossings(hs, vs)) over the merged lines, in C. Lines are told
 * apart as Python's sets tell their tuples apart (equal tuples, one line); crossings are kept sorted by
 * (x, y) for the walk down a column and by (y, x) for the walk along a row. */

typedef struct { double a[4]; int id; } Seg;
typedef struct { double x, y; int v0, nv, h0, nh; } Cross;     /* ids in vids[v0..v0+nv), hids[h0..) */
typedef struct { double x, y; int v, h; } Hit;

static int seg_cmp(const void *p, const void *q) {
    const double *a = ((const Seg *)p)->a, *b = ((const Seg *)q)->a;
    for (int i = 0; i < 4; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

static int hit_cmp(const void *p, const void *q) {
    const Hit *a = p, *b = q;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    if (a->y != b->y) return a->y < b->y ? -1 : 1;
    if (a->v != b->v) return a->v - b->v;
    return a->h - b->h;
}

static const Cross *row_cross;
static int row_cmp(const void *p, const void *q) {
    const Cross *a = row_cross + *(const int *)p, *b = row_cross + *(const int *)q;
    if (a->y != b->y) return a->y < b->y ? -1 : 1;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    return 0;
}

static int read_lines(PyObject *seq, Seg **out, Py_ssize_t *n) {
    PyObject *f = PySequence_Fast(seq, "a sequence of lines");
    if (!f)
        return -1;
    *n = PySequence_Fast_GET_SIZE(f);
    *out = malloc(sizeof(Seg) * (*n + 1));
    if (!*out) {
        Py_DECREF(f);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        double *a = (*out)[i].a;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(f, i), "dddd", a, a + 1, a + 2, a + 3)) {
            Py_DECREF(f);
            return -1;
        }
    }
    Py_DECREF(f);
    return 0;
}

/* ids for equal tuples: sort a copy, number the distinct ones, give each line its number */
static int number(Seg *ls, Py_ssize_t n) {
    Seg *c = malloc(sizeof(Seg) * (n + 1));
    if (!c)
        return -1;
    memcpy(c, ls, sizeof(Seg) * n);
    qsort(c, n, sizeof(Seg), seg_cmp);
    int id = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i == 0 || seg_cmp(c + i, c + i - 1) != 0)
            id++;
        c[i].id = id;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        ls[i].id = ((Seg *)bsearch(ls + i, c, n, sizeof(Seg), seg_cmp))->id;
    free(c);
    return 0;
}

static int meets(const int *a, int na, const int *b, int nb) {
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            if (a[i] == b[j])
                return 1;
    return 0;
}

/* index of the crossing (x, y) among those sorted by (x, y), or -1 */
static int find_cross(const Cross *cs, int n, double x, double y) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (cs[mid].x < x || (cs[mid].x == x && cs[mid].y < y)) lo = mid + 1; else hi = mid;
    }
    return lo < n && cs[lo].x == x && cs[lo].y == y ? lo : -1;
}

/* cells(horizontal lines, vertical lines) -> [(x0, top, x1, bottom)]: pdf_tables._cells(_crossings(...)) */
static PyObject *cells(PyObject *self, PyObject *args) {
    PyObject *ho, *vo, *out = NULL;
    Seg *hs = NULL, *vs = NULL;
    Hit *hits = NULL;
    Cross *cs = NULL;
    int *vids = NULL, *hids = NULL, *by_row = NULL, *row_pos = NULL, *rights = NULL;
    Py_ssize_t nh = 0, nv = 0;
    if (!PyArg_ParseTuple(args, "OO", &ho, &vo))
        return NULL;
    if (read_lines(ho, &hs, &nh) < 0 || read_lines(vo, &vs, &nv) < 0 || number(hs, nh) < 0 || number(vs, nv) < 0)
        goto done;
    qsort(vs, nv, sizeof(Seg), seg_cmp);                /* vs = sorted(vs) */
    Py_ssize_t cap = 64, nhit = 0;
    hits = malloc(sizeof(Hit) * cap);
    if (!hits)
        goto nomem;
    for (Py_ssize_t i = 0; i < nh; i++) {
        double x0 = hs[i].a[0], y = hs[i].a[1], x1 = hs[i].a[2];
        double from = x0 - 3, to = x1 + 3;
        Py_ssize_t lo = 0, hi = nv;                     /* bisect_left(xs, x0 - CROSS) */
        while (lo < hi) { Py_ssize_t m = (lo + hi) / 2; if (vs[m].a[0] < from) lo = m + 1; else hi = m; }
        for (Py_ssize_t j = lo; j < nv && vs[j].a[0] <= to; j++) {
            const Seg *v = vs + j;
            if (v->a[1] <= y + 3 && v->a[3] >= y - 3 && from <= v->a[0] && v->a[0] <= to) {
                if (nhit == cap) {
                    cap *= 2;
                    Hit *more = realloc(hits, sizeof(Hit) * cap);
                    if (!more)
                        goto nomem;
                    hits = more;
                }
                hits[nhit++] = (Hit){v->a[0], y, v->id, hs[i].id};
            }
        }
    }
    qsort(hits, nhit, sizeof(Hit), hit_cmp);
    cs = malloc(sizeof(Cross) * (nhit + 1));
    vids = malloc(sizeof(int) * (nhit + 1));
    hids = malloc(sizeof(int) * (nhit + 1));
    if (!cs || !vids || !hids)
        goto nomem;
    int nc = 0, nvid = 0, nhid = 0;
    for (Py_ssize_t i = 0; i < nhit;) {                 /* one crossing per (x, y); its lines as sets */
        Py_ssize_t e = i;
        while (e < nhit && hits[e].x == hits[i].x && hits[e].y == hits[i].y)
            e++;
        Cross *c = cs + nc++;
        c->x = hits[i].x; c->y = hits[i].y;
        c->v0 = nvid; c->h0 = nhid; c->nv = c->nh = 0;
        for (Py_ssize_t k = i; k < e; k++) {
            if (!meets(vids + c->v0, c->nv, &hits[k].v, 1)) { vids[nvid++] = hits[k].v; c->nv++; }
            if (!meets(hids + c->h0, c->nh, &hits[k].h, 1)) { hids[nhid++] = hits[k].h; c->nh++; }
        }
        i = e;
    }
    by_row = malloc(sizeof(int) * (nc + 1));
    row_pos = malloc(sizeof(int) * (nc + 1));
    rights = malloc(sizeof(int) * (nc + 1));
    out = PyList_New(0);
    if (!by_row || !row_pos || !rights || !out)
        goto nomem;
    for (int i = 0; i < nc; i++)
        by_row[i] = i;
    row_cross = cs;
    qsort(by_row, nc, sizeof(int), row_cmp);
    for (int i = 0; i < nc; i++)
        row_pos[by_row[i]] = i;
    for (int i = 0; i < nc; i++) {
        const Cross *p = cs + i;
        int a0 = row_pos[i] + 1;                        /* the crossings to the right in its row */
        int a1 = a0;
        while (a1 < nc && cs[by_row[a1]].y == p->y)
            a1++;
        if (a0 == a1)
            continue;
        int nr = 0, k = a0;
        for (int b = i + 1; b < nc && cs[b].x == p->x; b++) {      /* the crossings below in its column */
            const Cross *below = cs + b;
            if (!meets(vids + p->v0, p->nv, vids + below->v0, below->nv))
                continue;
            int found = 0, j = 0;
            for (;;) {
                if (j == nr) {
                    while (k < a1) {
                        const Cross *r = cs + by_row[k++];
                        if (meets(hids + p->h0, p->nh, hids + r->h0, r->nh)) {
                            rights[nr++] = (int)(r - cs);
                            break;
                        }
                    }
                    if (j == nr)
                        break;
                }
                const Cross *r = cs + rights[j++];
                int ci = find_cross(cs, nc, r->x, below->y);
                if (ci >= 0) {
                    const Cross *corner = cs + ci;
                    if (meets(vids + corner->v0, corner->nv, vids + r->v0, r->nv)
                            && meets(hids + corner->h0, corner->nh, hids + below->h0, below->nh)) {
                        PyObject *t = Py_BuildValue("(dddd)", p->x, p->y, r->x, below->y);
                        if (!t || PyList_Append(out, t) < 0) {
                            Py_XDECREF(t);
                            Py_CLEAR(out);
                            goto done;
                        }
                        Py_DECREF(t);
                        found = 1;
                        break;
                    }
                }
            }
            if (found || nr == 0)
                break;
        }
    }
    goto done;
nomem:
    Py_CLEAR(out);
    PyErr_NoMemory();
done:
    free(hs); free(vs); free(hits); free(cs); free(vids); free(hids); free(by_row); free(row_pos); free(rights);
    return out;
}

/* ------------------------------------------------------------ tables of cells (pdf_tables._tables) */

typedef struct { double x, y; int cell; } Corner;

static int corner_cmp(const void *p, const void *q) {
    const Corner *a = p, *b = q;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    if (a->y != b->y) return a->y < b->y ? -1 : 1;
    return a->cell - b->cell;
}

static int root_of(int *parent, int a) {
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

typedef struct { double top, x0; int root; } Group;

static int group_cmp(const void *p, const void *q) {
    const Group *a = p, *b = q;
    if (a->top != b->top) return a->top < b->top ? -1 : 1;
    if (a->x0 != b->x0) return a->x0 < b->x0 ? -1 : 1;
    return a->root - b->root;                       /* never equal: the same corner is one table */
}

/* tables(cells) -> [[cell]]: pdf_tables._tables. Cells sharing a corner, directly or through others, are
 * one table (its cells in their order), tables by their top-left cell, those of one cell left out. */
static PyObject *tables(PyObject *self, PyObject *args) {
    PyObject *co, *out = NULL;
    if (!PyArg_ParseTuple(args, "O", &co))
        return NULL;
    PyObject *f = PySequence_Fast(co, "a sequence of cells");
    if (!f)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(f);
    double *box = malloc(sizeof(double) * 4 * (n + 1));
    Corner *cn = malloc(sizeof(Corner) * 4 * (n + 1));
    int *parent = malloc(sizeof(int) * (n + 1)), *size = calloc(n + 1, sizeof(int));
    Group *gs = malloc(sizeof(Group) * (n + 1));
    if (!box || !cn || !parent || !size || !gs) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        double *b = box + 4 * i;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(f, i), "dddd", b, b + 1, b + 2, b + 3))
            goto done;
        parent[i] = (int)i;
        cn[4 * i] = (Corner){b[0], b[1], (int)i};
        cn[4 * i + 1] = (Corner){b[0], b[3], (int)i};
        cn[4 * i + 2] = (Corner){b[2], b[1], (int)i};
        cn[4 * i + 3] = (Corner){b[2], b[3], (int)i};
    }
    qsort(cn, 4 * n, sizeof(Corner), corner_cmp);
    for (Py_ssize_t k = 1; k < 4 * n; k++) {
        if (cn[k].x == cn[k - 1].x && cn[k].y == cn[k - 1].y) {
            int a = root_of(parent, cn[k].cell), b = root_of(parent, cn[k - 1].cell);
            if (a != b) {
                if (a < b) parent[b] = a; else parent[a] = b;
            }
        }
    }
    int ng = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int r = root_of(parent, (int)i);
        parent[i] = r;
        const double *b = box + 4 * i;
        if (r == i)
            gs[ng++] = (Group){b[1], b[0], r};
        else {
            Group *g = NULL;                            /* its group: found by bisection over the roots */
            int lo = 0, hi = ng;
            while (lo < hi) { int m = (lo + hi) / 2; if (gs[m].root < r) lo = m + 1; else hi = m; }
            g = gs + lo;
            if (b[1] < g->top || (b[1] == g->top && b[0] < g->x0)) { g->top = b[1]; g->x0 = b[0]; }
        }
        size[r]++;
    }
    qsort(gs, ng, sizeof(Group), group_cmp);
    out = PyList_New(0);
    if (!out)
        goto done;
    for (int g = 0; g < ng; g++) {
        int r = gs[g].root;
        if (size[r] < 2)
            continue;
        PyObject *t = PyList_New(0);
        if (!t || PyList_Append(out, t) < 0) {
            Py_XDECREF(t);
            Py_CLEAR(out);
            goto done;
        }
        Py_DECREF(t);
        for (Py_ssize_t i = r; i < n; i++)
            if (parent[i] == r && PyList_Append(t, PySequence_Fast_GET_ITEM(f, i)) < 0) {
                Py_CLEAR(out);
                goto done;
            }
    }
done:
    Py_DECREF(f);
    free(box); free(cn); free(parent); free(size); free(gs);
    return out;
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
