"""repr(tensor) for float32 tensors: number modes, rounding, wrapping, summarising, suffixes."""
import math

import torch

from _common import enc


def suffixes(t):
    """What torch's repr appends after the values of a CPU float32 tensor."""
    if t.grad_fn is not None:
        return ['grad_fn=<%s>' % type(t.grad_fn).__name__]
    return ['requires_grad=True'] if t.requires_grad else []


def row(t):
    r = {'tensor': enc(t), 'suffixes': suffixes(t), 'repr': repr(t)}
    if isinstance(t, torch.nn.Parameter):
        r['parameter'] = True
    return r


def generate():
    torch.manual_seed(0)
    nan, inf = math.nan, math.inf
    T = lambda v: torch.tensor(v, dtype=torch.float32)
    # on a 1/64 grid the stored values print short, which keeps the big cases small on disk
    coarse = lambda *shape: (torch.randn(*shape) * 64).round() / 64
    f32 = lambda v: float(torch.tensor(v, dtype=torch.float32))
    cases = {
        'scalar': T(3.0), 'scalar_frac': T(2.5), 'scalar_neg_zero': T(-0.0), 'scalar_zero': T(0.0),
        'scalar_nan': T(nan), 'scalar_inf': T(inf), 'scalar_neg_inf': T(-inf),
        'scalar_tiny': T(1e-5), 'scalar_huge': T(1e10), 'scalar_huge_frac': T(123456789.5),
        'ints': T([1.0, 2.0, 3.0]), 'ints_neg': T([-3.0, 0.0, 7.0]), 'ints_1e8': T([1e8, 1.0, -5.0]),
        'ints_sci_huge': T([1e9, 1.0]), 'ints_sci_ratio': T([1.0, 2000.0]), 'ints_ratio_1000': T([1.0, 1000.0]),
        'ints_sci_ties': T([123455000.0, 123465000.0, 100005000.0, 1.0]),
        'zeros': torch.zeros(4), 'neg_zeros': T([-0.0, 0.0]),
        'mixed': T([1.0, 2.5]), 'mixed_neg': T([-1.5, 100.25, 0.0]),
        'sci_tiny': T([[1e-5, 1.0], [3.0, 4.0]]), 'min_1e-4': T([1e-4, 0.5]), 'below_1e-4': T([9.9999e-5, 0.5]),
        'ratio_1000': T([0.5, 500.0]), 'ratio_over_1000': T([0.5, 500.5]), 'huge_frac': T([1e8 + 8.0, 0.5]),
        'nan_inf': T([nan, 1.5, -inf, inf]), 'nan_ints': T([nan, 1.0, 2.0]), 'nan_inf_only': T([nan, inf, -inf]),
        'nan_only': T([nan]), 'sci_nan_inf': T([1e-5, nan, inf, -2.0]), 'neg_nan': -T([nan, 1.5]),
        'neg_zero_int': T([-0.0, 1.0]), 'neg_zero_fixed': T([-0.0, 1.5]), 'neg_zero_sci': T([-0.0, 1e-5]),
        'neg_tiny_rounds_to_zero': T([-0.00004, 0.5, 2.0]),
        'wrap_fixed': torch.arange(30, dtype=torch.float32) / 3, 'wrap_randn': torch.randn(25),
        'wrap_ints': torch.arange(100, dtype=torch.float32), 'wrap_sci': torch.randn(20) * 1e-5,
        'wrap_wide_ints': torch.arange(0, 3e7, 1e6, dtype=torch.float32), 'one_per_line': T([1e-30, 1e30] * 3),
        '2d': torch.randn(3, 4), '2d_wrap': torch.randn(2, 15), '2d_column': torch.randn(4, 1),
        '3d': torch.randn(2, 3, 4), '3d_wrap': torch.randn(2, 2, 14), '4d': torch.randn(2, 2, 2, 3),
        '5d': torch.randn(1, 2, 1, 2, 2),
        'summary_1d': torch.arange(2000, dtype=torch.float32) / 7, 'summary_1d_ints': torch.arange(1001, dtype=torch.float32),
        'summary_2d': coarse(40, 50), 'summary_2d_short_dim': coarse(5, 300), 'summary_2d_long_cols': coarse(1, 1001),
        'summary_3d': coarse(10, 10, 20), 'summary_4d': coarse(8, 8, 8, 8),
        'summary_edge_outlier': torch.cat([T([1e-6]), torch.ones(1000), T([2.5])]),
        'summary_hidden_outlier': torch.cat([torch.ones(500), T([1e-6]), torch.ones(500)]),
        'empty': torch.zeros(0), 'empty_0x3': torch.zeros(0, 3), 'empty_2x0': torch.zeros(2, 0),
        'empty_3d': torch.zeros(0, 2, 3), 'empty_requires_grad': torch.zeros(2, 0, requires_grad=True),
        'requires_grad': T([1.0, 2.0]).requires_grad_(), 'requires_grad_scalar': T(1.5).requires_grad_(),
        'grad_fn_mul': T([1.0, 2.0]).requires_grad_() * 2, 'grad_fn_sum': (torch.randn(3, requires_grad=True) * 3).sum(),
        'grad_fn_wraps': torch.randn(8, requires_grad=True) * 100,
        'grad_fn_2d_wraps': torch.randn(2, 8, requires_grad=True).exp(), 'grad_fn_2d': torch.randn(2, 3, requires_grad=True).tanh(),
        'requires_grad_fits': (torch.arange(8, dtype=torch.float32) + 0.5).requires_grad_(),
        'adversarial': T([0.00005, 0.12345, 2.5e-5, 1e8, 123456789.0, f32(0.1) + f32(0.2)]),
        'adversarial_fixed': T([0.12345, f32(0.1) + f32(0.2), 0.00015, 0.99995, 9.99995, 99999.5]),
        'ties_32nds': torch.arange(1, 64, 2, dtype=torch.float32) / 32,
        'ties_sci': T([10000.5, 100005.0, 99999.5, 0.00012345, 1.5]),
        'float32_extremes': T([3.4028234663852886e38, 1.1754943508222875e-38, 1.401298464324817e-45, -1.0]),
        'adversarial_scalar_1': T(0.00005), 'adversarial_scalar_2': T(0.12345), 'adversarial_scalar_3': T(2.5e-5),
        'adversarial_scalar_4': T(1e8), 'adversarial_scalar_5': T(123456789.0), 'adversarial_scalar_6': T(f32(0.1) + f32(0.2)),
    }
    for k in (-7, -4, -2, -1, 0, 1, 2, 4, 6, 9):
        cases['randn_1e%d' % k] = torch.randn(40) * 10.0 ** k
    cases['randn_mixed_scale'] = torch.randn(40) * 10.0 ** torch.randint(-3, 4, (40,))

    rows = {name: row(t) for name, t in cases.items()}
    rows['parameter'] = row(torch.nn.Parameter(torch.randn(3, 4)))
    rows['parameter_no_grad'] = row(torch.nn.Parameter(torch.randn(2), requires_grad=False))
    rows['parameter_wraps_suffix'] = row(torch.nn.Parameter(torch.randn(8) * 100))
    rows['parameter_empty'] = row(torch.nn.Parameter(torch.zeros(0, 4)))

    # Too big to store: the test rebuilds these as arange(numel).reshape(shape).
    aranges = {}
    for shape in ((1000000,), (1000, 1000), (100, 100, 100), (10, 10, 100, 100)):
        t = torch.arange(math.prod(shape), dtype=torch.float32).reshape(shape)
        aranges['x'.join(map(str, shape))] = {'shape': list(shape), 'repr': repr(t)}
    return {'cases': rows, 'aranges': aranges}
