"""Multi-window, multi-burn-rate alerting (Google SRE workbook, chapter 5).

Each alert fires when the error budget burns fast over a long window AND is still burning
over a short window (so it resets quickly). Burn-rate factors are the share of the whole
budget spent in the long window, over that window's share of the SLO period: for 30 days,
2% in 1h is 14.4x, 5% in 6h is 6x, 10% in 1d is 3x, 10% in 3d is 1x. A 28-day period keeps
the same budget shares (13.44x, 5.6x, 2.8x, 0.93x), as sloth does.
"""

from __future__ import annotations

from dataclasses import dataclass

#: every window the alerts read, recorded once per SLO
WINDOWS = ("5m", "30m", "1h", "2h", "6h", "1d", "3d")
PERIODS = {"28d": 28 * 24, "30d": 30 * 24}  # hours
_HOURS = {"5m": 5 / 60, "30m": 0.5, "1h": 1, "2h": 2, "6h": 6, "1d": 24, "3d": 72}


@dataclass(frozen=True)
class BurnWindow:
    """One long/short window pair of an alert.

    :param long: the long window
    :param short: the short (reset) window
    :param budget_share: the share of the period's budget spent in ``long`` at this burn rate
    """

    long: str
    short: str
    budget_share: float

    def factor(self, period: str) -> float:
        """The burn rate: how many times faster than sustainable the budget is spent."""
        return round(self.budget_share * PERIODS[period] / _HOURS[self.long], 4)


#: page (critical): 2% in 1h, 5% in 6h; ticket (warning): 10% in 1d, 10% in 3d
PAGE = (BurnWindow("1h", "5m", 0.02), BurnWindow("6h", "30m", 0.05))
TICKET = (BurnWindow("1d", "2h", 0.10), BurnWindow("3d", "6h", 0.10))
