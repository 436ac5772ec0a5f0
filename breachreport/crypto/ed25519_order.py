"""Whether an Ed25519 public key is a point of small order (or no point at all).

A key of small order (the neutral point, the point of order two, four or eight) has no secret:
a signature made of a small-order point and zero verifies under it for many messages, and with
the neutral point for every message. ``cryptography`` (OpenSSL) takes such a key and such a
signature, so a supplier's key is refused here before it is registered: otherwise anyone could
sign bulletins in that supplier's name. Pure arithmetic on the curve (RFC 8032, section 5.1.3).
"""

from __future__ import annotations

_P = 2**255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)
_NEUTRAL = (0, 1)


def _point(raw: bytes) -> tuple[int, int] | None:
    """The point a 32-byte key encodes, or None if it encodes none (or not in its one way)."""
    if len(raw) != 32:
        return None
    y = int.from_bytes(raw, "little") & ((1 << 255) - 1)
    sign = raw[31] >> 7
    if y >= _P:
        return None
    square = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    x = pow(square, (_P + 3) // 8, _P)
    if (x * x - square) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - square) % _P != 0:
        return None
    if x == 0 and sign:
        return None
    if x % 2 != sign:
        x = _P - x
    return x, y


def _double(point: tuple[int, int]) -> tuple[int, int]:
    x, y = point
    t = _D * x * x * y * y % _P
    return (
        2 * x * y * pow(1 + t, _P - 2, _P) % _P,
        (y * y + x * x) * pow(1 - t, _P - 2, _P) % _P,
    )


def is_weak_key(raw: bytes) -> bool:
    """True if ``raw`` is no point, or a point whose multiple by eight is the neutral point."""
    point = _point(raw)
    if point is None:
        return True
    for _step in range(3):
        point = _double(point)
    return point == _NEUTRAL
