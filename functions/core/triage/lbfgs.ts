// Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, algorithms 7.4 and 7.5) with a backtracking
// line search on the Armijo condition: what the triage model's fit uses to reach the optimum of its regularised
// loss, so the parameters depend on the data and the settings and not on a path through them. No package on npm
// the project could use offers it for Float64Array parameters of millions of entries.

/** Writes the gradient at `x` into `gradient` and returns the value there. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface MinimiseOptions {
  /** Pairs of steps and gradient changes kept. */
  memory: number;
  maxIterations: number;
  /** Stop when an iteration lowers the value by less than this fraction of it. */
  relativeDecrease: number;
}

export interface Minimum {
  x: Float64Array;
  value: number;
  iterations: number;
  /** False when maxIterations ran out first. */
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function minimise(objective: Objective, start: Float64Array, options: MinimiseOptions): Minimum {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let value = objective(x, g);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Array<number>(options.memory);
  const direction = new Float64Array(n);
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    // The two-loop recursion: direction = −H·g, H the inverse Hessian the kept pairs imply.
    direction.set(g);
    for (let k = steps.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(steps[k]!, direction);
      const y = changes[k]!;
      for (let i = 0; i < n; i++) direction[i]! -= alpha[k]! * y[i]!;
    }
    const last = steps.length - 1;
    const scale = last >= 0 ? 1 / (rho[last]! * dot(changes[last]!, changes[last]!)) : 1 / Math.sqrt(dot(g, g));
    for (let i = 0; i < n; i++) direction[i]! *= scale;
    for (let k = 0; k < steps.length; k++) {
      const beta = rho[k]! * dot(changes[k]!, direction);
      const s = steps[k]!;
      for (let i = 0; i < n; i++) direction[i]! += (alpha[k]! - beta) * s[i]!;
    }
    for (let i = 0; i < n; i++) direction[i] = -direction[i]!;
    const slope = dot(direction, g);
    if (!(slope < 0)) return { x, value, iterations: iteration - 1, converged: true };

    // Backtracking: the first step that lowers the value enough (Armijo, c = 1e-4).
    const next = new Float64Array(n);
    const nextG = new Float64Array(n);
    let t = 1;
    let nextValue = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) next[i] = x[i]! + t * direction[i]!;
      nextValue = objective(next, nextG);
      if (nextValue <= value + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    if (!(nextValue < value)) return { x, value, iterations: iteration - 1, converged: true };

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = next[i]! - x[i]!;
      y[i] = nextG[i]! - g[i]!;
    }
    const sy = dot(s, y);
    // A pair with no positive curvature would make H indefinite: it is not kept.
    if (sy > 1e-12 * dot(y, y)) {
      if (steps.length === options.memory) {
        steps.shift();
        changes.shift();
        rho.shift();
      }
      steps.push(s);
      changes.push(y);
      rho.push(1 / sy);
    }
    const decrease = value - nextValue;
    x = next;
    g = nextG;
    value = nextValue;
    if (decrease < options.relativeDecrease * Math.abs(value)) return { x, value, iterations: iteration, converged: true };
  }
  return { x, value, iterations: options.maxIterations, converged: false };
}
