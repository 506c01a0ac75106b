import { describe, expect, it } from 'vitest';
import { minimise, type Objective } from '../../functions/core/triage/lbfgs';

const options = { memory: 5, maxIterations: 500, relativeDecrease: 1e-14 };

describe('L-BFGS', () => {
  it('finds the minimum of an ill-conditioned quadratic', () => {
    // f(x) = Σ cᵢ (xᵢ − i)² / 2, curvatures from 1 to 1,000.
    const c = Float64Array.from({ length: 50 }, (_, i) => 1 + (999 * i) / 49);
    const f: Objective = (x, g) => {
      let v = 0;
      for (let i = 0; i < x.length; i++) {
        const d = x[i]! - i;
        v += (c[i]! * d * d) / 2;
        g[i] = c[i]! * d;
      }
      return v;
    };
    const m = minimise(f, new Float64Array(50), options);
    expect(m.converged).toBe(true);
    m.x.forEach((x, i) => expect(x).toBeCloseTo(i, 5));
  });

  it('follows the curved valley of the Rosenbrock function to (1, 1)', () => {
    const f: Objective = ([x, y], g) => {
      g[0] = -2 * (1 - x!) - 400 * x! * (y! - x! * x!);
      g[1] = 200 * (y! - x! * x!);
      return (1 - x!) ** 2 + 100 * (y! - x! * x!) ** 2;
    };
    const m = minimise(f, Float64Array.of(-1.2, 1), options);
    expect(m.x[0]).toBeCloseTo(1, 4);
    expect(m.x[1]).toBeCloseTo(1, 4);
  });

  it('says when it ran out of iterations', () => {
    const f: Objective = ([x, y], g) => {
      g[0] = -2 * (1 - x!) - 400 * x! * (y! - x! * x!);
      g[1] = 200 * (y! - x! * x!);
      return (1 - x!) ** 2 + 100 * (y! - x! * x!) ** 2;
    };
    const m = minimise(f, Float64Array.of(-1.2, 1), { ...options, maxIterations: 3 });
    expect(m.converged).toBe(false);
    expect(m.iterations).toBe(3);
  });
});
