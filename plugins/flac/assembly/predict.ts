// Prediction: turns residuals (already in place after the warm-up samples) into samples.
// Everything is i64 so no order, precision or bit depth can overflow.

/** FIXED predictors of order 0–4 (polynomial extrapolation). */
export function restoreFixed(x: usize, n: u32, order: u32): void {
  const end = x + (<usize>n << 3);
  let at = x + (<usize>order << 3);
  if (order == 1) {
    let a = load<i64>(at - 8);
    for (; at < end; at += 8) {
      a += load<i64>(at);
      store<i64>(at, a);
    }
  } else if (order == 2) {
    let a = load<i64>(at - 8);
    let b = load<i64>(at - 16);
    for (; at < end; at += 8) {
      const s = load<i64>(at) + 2 * a - b;
      store<i64>(at, s);
      b = a;
      a = s;
    }
  } else if (order == 3) {
    let a = load<i64>(at - 8);
    let b = load<i64>(at - 16);
    let c = load<i64>(at - 24);
    for (; at < end; at += 8) {
      const s = load<i64>(at) + 3 * (a - b) + c;
      store<i64>(at, s);
      c = b;
      b = a;
      a = s;
    }
  } else if (order == 4) {
    let a = load<i64>(at - 8);
    let b = load<i64>(at - 16);
    let c = load<i64>(at - 24);
    let d = load<i64>(at - 32);
    for (; at < end; at += 8) {
      const s = load<i64>(at) + 4 * (a + c) - 6 * b - d;
      store<i64>(at, s);
      d = c;
      c = b;
      b = a;
      a = s;
    }
  }
}

/**
 * LPC: x[i] = residual[i] + (Σ coef[j]·x[i-1-j]) >> shift. Orders up to 8 keep the
 * coefficients and history in locals (the common case: flac -5 uses order 8); higher
 * orders run the general loop.
 */
export function restoreLpc(x: usize, n: u32, order: u32, coefs: usize, shift: u32): void {
  if (order <= 8) restoreLpcUpTo8(x, n, order, coefs, <u64>shift);
  else restoreLpcGeneral(x, n, order, coefs, <u64>shift);
}

function restoreLpcUpTo8(x: usize, n: u32, order: u32, coefs: usize, shift: u64): void {
  // Unused coefficients are zero, so one 8-tap loop serves every order ≤ 8; the history
  // slots before x[0] are never read for them.
  const c0 = load<i64>(coefs, 0);
  const c1 = order > 1 ? load<i64>(coefs, 8) : 0;
  const c2 = order > 2 ? load<i64>(coefs, 16) : 0;
  const c3 = order > 3 ? load<i64>(coefs, 24) : 0;
  const c4 = order > 4 ? load<i64>(coefs, 32) : 0;
  const c5 = order > 5 ? load<i64>(coefs, 40) : 0;
  const c6 = order > 6 ? load<i64>(coefs, 48) : 0;
  const c7 = order > 7 ? load<i64>(coefs, 56) : 0;
  const start = x + (<usize>order << 3);
  let h0 = load<i64>(start - 8);
  let h1 = order > 1 ? load<i64>(start - 16) : 0;
  let h2 = order > 2 ? load<i64>(start - 24) : 0;
  let h3 = order > 3 ? load<i64>(start - 32) : 0;
  let h4 = order > 4 ? load<i64>(start - 40) : 0;
  let h5 = order > 5 ? load<i64>(start - 48) : 0;
  let h6 = order > 6 ? load<i64>(start - 56) : 0;
  let h7 = order > 7 ? load<i64>(start - 64) : 0;
  const end = x + (<usize>n << 3);
  for (let at = start; at < end; at += 8) {
    const sum = c0 * h0 + c1 * h1 + c2 * h2 + c3 * h3 + c4 * h4 + c5 * h5 + c6 * h6 + c7 * h7;
    const s = load<i64>(at) + (sum >> shift);
    store<i64>(at, s);
    h7 = h6;
    h6 = h5;
    h5 = h4;
    h4 = h3;
    h3 = h2;
    h2 = h1;
    h1 = h0;
    h0 = s;
  }
}

function restoreLpcGeneral(x: usize, n: u32, order: u32, coefs: usize, shift: u64): void {
  const end = x + (<usize>n << 3);
  const span = <usize>order << 3;
  for (let at = x + span; at < end; at += 8) {
    let sum: i64 = 0;
    let history = at - 8;
    let coef = coefs;
    const coefEnd = coefs + span;
    while (coef < coefEnd) {
      sum += load<i64>(coef) * load<i64>(history);
      coef += 8;
      history -= 8;
    }
    store<i64>(at, load<i64>(at) + (sum >> shift));
  }
}
