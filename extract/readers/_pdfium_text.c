/* The reader's loops over a text page's characters (_pdfium_loops.c is the module): the cell texts of
 * a table page and the line boxes of a page. */
#include "_pdfium_loops.h"

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
PyObject *cell_texts(PyObject *self, PyObject *args) {
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
PyObject *line_boxes(PyObject *self, PyObject *args) {
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

