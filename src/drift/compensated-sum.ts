/**
 * Neumaier-compensated running sum. NumPy sums with pairwise summation; a compensated sum is at least
 * as accurate, so sums over millions of values stay within a few ulps of NumPy's.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  value(): number {
    return this.sum + this.compensation;
  }
}
