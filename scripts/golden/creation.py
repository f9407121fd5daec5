"""Factories: ranges, eye, full and tensor() values, and their error messages."""
import torch
from _common import enc

VALUES = {
    'arange_end': lambda: torch.arange(5.),
    'arange_start_end': lambda: torch.arange(2., 7.),
    'arange_step': lambda: torch.arange(0., 1., 0.1),
    'arange_negative_step': lambda: torch.arange(3., -2., -0.7),
    'arange_fraction': lambda: torch.arange(-1.5, 2.25, 0.25),
    'linspace_5': lambda: torch.linspace(0, 1, 5),
    'linspace_odd': lambda: torch.linspace(-3.3, 7.1, 11),
    'linspace_long': lambda: torch.linspace(0.1, 123.4, 1000),
    'linspace_1': lambda: torch.linspace(2, 5, 1),
    'linspace_0': lambda: torch.linspace(2, 5, 0),
    'linspace_down': lambda: torch.linspace(1, -1, 7),
    'eye_3': lambda: torch.eye(3),
    'eye_2_4': lambda: torch.eye(2, 4),
    'full': lambda: torch.full((2, 3), 0.1),
    'tensor_nested': lambda: torch.tensor([[1.5, -2], [3, 4.25], [0.1, 1e-8]]),
    'tensor_scalar': lambda: torch.tensor(3.7),
    'tensor_bool': lambda: torch.tensor([[True, False]], dtype=torch.float32),
    'zeros_empty': lambda: torch.zeros(0, 3),
}

ERRORS = {
    'arange_zero_step': lambda: torch.arange(0, 1, 0),
    'arange_bad_sign': lambda: torch.arange(1, 0, 1),
    'linspace_negative': lambda: torch.linspace(0, 1, -1),
    'ragged': lambda: torch.tensor([[1, 2], [3]]),
    'ragged_deep': lambda: torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7]]]),
}


def generate():
    errors = {}
    for name, fn in ERRORS.items():
        try:
            fn()
            errors[name] = None
        except Exception as e:  # noqa: BLE001 - the message is what is recorded
            errors[name] = str(e)
    return {'values': {name: enc(fn()) for name, fn in VALUES.items()}, 'errors': errors}
