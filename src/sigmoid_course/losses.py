r"""Losses of a probability and their gradients with respect to the logit.

The logloss and squared error take the logit z rather than the probability p = σ(z), so that
they stay finite and exact where p rounds to 0 or 1; the expected losses (and the hinge's) of
one answer under y ~ Bernoulli(p) show which answer each loss rewards.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid, softplus


def logloss(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    r"""Logloss of one or many examples, from the logit.

    .. math:: \ell(y, z) = -y \ln\sigma(z) - (1-y)\ln(1-\sigma(z))
              = \operatorname{softplus}(z) - y z

    The right-hand form never takes the logarithm of a rounded probability, so
    ``logloss(1, -800)`` is 800, not infinity.

    Parameters
    ----------
    y : array_like
        Labels in {0, 1} (values in [0, 1] are allowed: soft labels).
    z : array_like
        Logits, broadcastable against ``y``.

    Returns
    -------
    ndarray
        ℓ for each example.
    """
    y, z = _labels_and_logits(y, z)
    return softplus(z) - y * z


def logloss_grad(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    r"""Derivative of the logloss with respect to the logit.

    .. math:: \frac{\partial \ell}{\partial z} = \sigma(z) - y

    No σ' factor: the gradient is large exactly when the prediction is confidently wrong.

    Parameters
    ----------
    y : array_like
        Labels in [0, 1].
    z : array_like
        Logits.

    Returns
    -------
    ndarray
        ∂ℓ/∂z for each example.
    """
    y, z = _labels_and_logits(y, z)
    return sigmoid(z) - y


def squared_error_grad(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    r"""Derivative of the squared error of the probability with respect to the logit.

    .. math:: \ell = \tfrac12(\sigma(z) - y)^2, \qquad
              \frac{\partial \ell}{\partial z} = (\sigma(z) - y)\,\sigma'(z)

    The σ'(z) factor makes this vanish where σ saturates, even when the prediction is wrong.

    Parameters
    ----------
    y : array_like
        Labels in [0, 1].
    z : array_like
        Logits.

    Returns
    -------
    ndarray
        ∂ℓ/∂z for each example.
    """
    y, z = _labels_and_logits(y, z)
    p = sigmoid(z)
    return (p - y) * p * sigmoid(-z)


def _labels_and_logits(y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    for name, value in (("y", y), ("z", z)):
        kind = np.asarray(value).dtype.kind
        if kind not in "biuf":
            raise TypeError(f"{name} must be real numbers, got an array of dtype {kind!r}")
    y, z = np.asarray(y, dtype=float), np.asarray(z, dtype=float)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("labels y must lie in [0, 1]")
    return y, z


def expected_losses(p: float, answers: np.ndarray) -> dict[str, np.ndarray]:
    r"""Expected loss of answering ``a`` when y ~ Bernoulli(p), for three losses.

    .. math:: \mathbb{E}[\ell(y, a)] = p\,\ell(1, a) + (1 - p)\,\ell(0, a)

    with ℓ the logloss −y ln a − (1−y) ln(1−a), the squared error (y − a)² and the absolute
    error |y − a|.

    Parameters
    ----------
    p : float
        P(y = 1), in [0, 1].
    answers : ndarray
        Candidate answers a in (0, 1).

    Returns
    -------
    dict of str to ndarray
        ``"logloss"``, ``"squared error"`` and ``"absolute error"``, each shaped like ``answers``.
    """
    answers = _probability_answers(p, answers)
    return {
        "logloss": -p * np.log(answers) - (1 - p) * np.log1p(-answers),
        "squared error": p * (1 - answers) ** 2 + (1 - p) * answers**2,
        "absolute error": p * (1 - answers) + (1 - p) * answers,
    }


def expected_hinge(p: float, scores: np.ndarray) -> np.ndarray:
    r"""Expected hinge loss of a score f when the label ỹ = ±1 is +1 with probability p.

    .. math:: \mathbb{E}[\max(0, 1 - \tilde y f)] = p\max(0, 1 - f) + (1-p)\max(0, 1 + f)

    Parameters
    ----------
    p : float
        P(ỹ = +1), in [0, 1].
    scores : ndarray
        Candidate scores f.

    Returns
    -------
    ndarray
        Shaped like ``scores``.
    """
    if not 0 <= p <= 1:
        raise ValueError(f"p must be a probability in [0, 1], got {p}")
    scores = np.asarray(scores, dtype=float)
    return p * np.maximum(0, 1 - scores) + (1 - p) * np.maximum(0, 1 + scores)


def _probability_answers(p: float, answers: np.ndarray) -> np.ndarray:
    if not 0 <= p <= 1:
        raise ValueError(f"p must be a probability in [0, 1], got {p}")
    answers = np.asarray(answers, dtype=float)
    if np.any((answers <= 0) | (answers >= 1)):
        raise ValueError("answers must lie strictly between 0 and 1")
    return answers
