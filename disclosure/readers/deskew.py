"""Straighten a scanned page before OCR, using its table rules.

Library: OpenCV (Apache-2.0): the long horizontal rules are isolated by morphology on a half-size
binarised page and a line is fitted to each (a few tens of ms; a Hough transform took ~1 s).
Why: real scans are rarely straight; at 1° of skew a 450 pt wide table drifts by ~8 pt from one side
to the other, enough to shift text into the neighbouring row and to break the ruled-line detection
that rebuilds table grids. Long near-horizontal rules give the angle precisely; pages without
them (narrative only) are left as they are, since reading order there tolerates small skew.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

_MAX_ANGLE = 5.0  # degrees: anything steeper is not scanner skew
_MIN_ANGLE = 0.1  # degrees: below this, rotating only blurs the glyphs


def skew_angle(gray: np.ndarray) -> float:
    """Median angle (degrees, image coordinates) of the page's long near-horizontal rules, or 0."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    _, bw = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    width = small.shape[1]
    # Keep only horizontal strokes longer than glyph strokes yet short enough to survive a few
    # degrees of skew on a rule 1-2 px thick; a skewed rule stays one 8-connected staircase.
    rules = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (16, 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    max_rise = math.tan(math.radians(_MAX_ANGLE))
    angles: list[float] = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w < width // 4 or h > w * max_rise + 6:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        vx, vy, _, _ = cv2.fitLine(np.column_stack([xs, ys]).astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01)
        angles.append(math.degrees(math.atan2(float(vy[0]), float(vx[0]))))
    angles = [a - 180 if a > 90 else a + 180 if a < -90 else a for a in angles]
    angles = [a for a in angles if abs(a) <= _MAX_ANGLE]
    return float(np.median(angles)) if len(angles) >= 2 else 0.0


def deskew(gray: np.ndarray) -> np.ndarray:
    """The page rotated so that its rules are horizontal (unchanged when already straight)."""
    angle = skew_angle(gray)
    if abs(angle) < _MIN_ANGLE:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)
