"""The Monte Carlo of crates/core/examples/lcc_montecarlo.rs, written in numpy
the way a new user would: arrays of draws × years, one alternative at a time.

100 000 draws × 5 alternatives × 20 years; uncertain: discount rate
(triangular 1 / 3.5 / 6 %), electricity price (lognormal, mean 1.2, sd 0.3
SEK/kWh), real price change (uniform -1 .. +3 %/year) and each alternative's
energy use (normal, sd 10 %). Output: P10/P50/P90 of the total present value
and of kg CO2e per alternative, and the probability that each is cheapest.

Usage: python numpy_montecarlo.py [draws] [repeats]
"""
import sys
import time

import numpy as np

ALTERNATIVES = [  # investment SEK, kWh/year, maintenance SEK/year
    (100_000.0, 20_000.0, 2_000.0),
    (130_000.0, 15_000.0, 2_500.0),
    (160_000.0, 11_000.0, 3_000.0),
    (190_000.0, 8_000.0, 3_500.0),
    (220_000.0, 6_000.0, 4_000.0),
]
YEARS = 20
KG_PER_KWH = 0.036


def monte_carlo(draws, seed):
    rng = np.random.default_rng(seed)
    rate = rng.triangular(0.01, 0.035, 0.06, draws)
    # Lognormal given by the mean and sd of the price itself.
    mean, sd = 1.2, 0.3
    s2 = np.log(1 + (sd / mean) ** 2)
    price = rng.lognormal(np.log(mean) - s2 / 2, np.sqrt(s2), draws)
    change = rng.uniform(-0.01, 0.03, draws)
    t = np.arange(1, YEARS + 1)
    discount = (1 + rate)[:, None] ** -t  # draws × years
    price_path = price[:, None] * (1 + change)[:, None] ** t
    total = np.empty((draws, len(ALTERNATIVES)))
    co2 = np.empty((draws, len(ALTERNATIVES)))
    for a, (investment, kwh, maintenance) in enumerate(ALTERNATIVES):
        use = rng.normal(kwh, kwh * 0.1, draws)
        yearly = use[:, None] * price_path + maintenance  # draws × years
        total[:, a] = investment + (yearly * discount).sum(axis=1)
        co2[:, a] = use * YEARS * KG_PER_KWH
    spread = np.percentile(total, [10, 50, 90], axis=0)
    co2_spread = np.percentile(co2, [10, 50, 90], axis=0)
    cheapest = np.bincount(total.argmin(axis=1), minlength=len(ALTERNATIVES)) / draws
    return spread, co2_spread, cheapest


def main():
    draws = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        spread, _, cheapest = monte_carlo(draws, 42 + i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    for a in range(len(ALTERNATIVES)):
        print(
            f"alt{a + 1}: P10 {spread[0, a]:.0f} P50 {spread[1, a]:.0f} "
            f"P90 {spread[2, a]:.0f} SEK, P(cheapest) {cheapest[a]:.3f}"
        )
    print(
        f"numpy: {draws} draws x 5 alternatives x 20 years: median {times[len(times) // 2]:.2f} ms, "
        f"min {times[0]:.2f} ms over {len(times)} runs (numpy {np.__version__})"
    )


if __name__ == "__main__":
    main()
