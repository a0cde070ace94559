/* The table grid of the reader in C (_pdfium_loops.c is the module): no PDFium here. */
#include "_pdfium_loops.h"

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
PyObject *cells(PyObject *self, PyObject *args) {
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
PyObject *tables(PyObject *self, PyObject *args) {
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

