/* Solve of a small symmetric positive definite system G x = b by Cholesky,
 * for the ridge and least-squares fits of the forecasting layer's seasonal
 * kind (direct.c, ar.c): d is at most a few dozen, so plain loops.
 *
 * G [d, d] column-major, only its lower half read; it is overwritten with the
 * factor L (G = L L'); b [d] becomes x. A pivot (the squared diagonal of L
 * before the root) at or below tol times G's diagonal entry means G is
 * singular to that tolerance (tol = 0: not positive definite, or NaN):
 * returns 1 and leaves b unsolved; else 0. */
#include <math.h>
#include "recurrent.h"

int chol_solve(double *G, double *b, int d, double tol)
{
    for (int j = 0; j < d; j++) {
        double diag = G[j + d * j], s = diag;
        for (int l = 0; l < j; l++) s -= G[j + d * l] * G[j + d * l];
        if (!(s > tol * diag)) return 1;
        double r = sqrt(s);
        G[j + d * j] = r;
        for (int i = j + 1; i < d; i++) {
            double v = G[i + d * j];
            for (int l = 0; l < j; l++) v -= G[i + d * l] * G[j + d * l];
            G[i + d * j] = v / r;
        }
    }
    for (int i = 0; i < d; i++) {   /* L z = b */
        double v = b[i];
        for (int l = 0; l < i; l++) v -= G[i + d * l] * b[l];
        b[i] = v / G[i + d * i];
    }
    for (int i = d - 1; i >= 0; i--) {   /* L' x = z */
        double v = b[i];
        for (int l = i + 1; l < d; l++) v -= G[l + d * i] * b[l];
        b[i] = v / G[i + d * i];
    }
    return 0;
}
