"""Convolution and pooling layers: initial weights under a seed, outputs, the gradients of the
input and of every parameter under a random upstream gradient, returned indices, F.* calls,
reprs and error messages."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from _common import enc32 as enc, message

CLASSES = {name: getattr(nn, name) for name in [
    'Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'MaxPool1d', 'MaxPool2d',
    'AvgPool1d', 'AvgPool2d', 'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveMaxPool2d']}
OPTION_NAMES = {'stride': 'stride', 'padding': 'padding', 'dilation': 'dilation', 'groups': 'groups', 'bias': 'bias',
                'outputPadding': 'output_padding', 'paddingMode': 'padding_mode', 'ceilMode': 'ceil_mode',
                'returnIndices': 'return_indices', 'countIncludePad': 'count_include_pad',
                'divisorOverride': 'divisor_override'}


def py(value):
    """A TS size (a list) as the tuple a PyTorch user passes."""
    return tuple(value) if isinstance(value, list) else value


def build(ctor, args, options):
    """The module a TS table line builds: options use the TS (camelCase) keys."""
    return CLASSES[ctor](*[py(a) for a in args], **{OPTION_NAMES[k]: py(v) for k, v in options.items()})


# name: (class, positional args, options, input shape[, output_size for a transposed conv's call])
CONV_CASES = {
    'conv1d_basic': ('Conv1d', [3, 4, 3], {}, (2, 3, 10)),
    'conv1d_stride_pad_dilation': ('Conv1d', [2, 4, 3], {'stride': 2, 'padding': 2, 'dilation': 2}, (2, 2, 11)),
    'conv1d_same_even_kernel': ('Conv1d', [2, 3, 4], {'padding': 'same'}, (2, 2, 9)),
    'conv1d_valid_groups_no_bias': ('Conv1d', [4, 6, 3], {'padding': 'valid', 'groups': 2, 'bias': False}, (1, 4, 8)),
    'conv1d_unbatched': ('Conv1d', [3, 2, 2], {}, (3, 7)),
    'conv2d_basic': ('Conv2d', [3, 4, 3], {}, (2, 3, 7, 6)),
    'conv2d_padding_1': ('Conv2d', [1, 16, 3], {'padding': 1}, (2, 1, 8, 8)),
    'conv2d_rect_stride_padding': ('Conv2d', [2, 3, [3, 2]], {'stride': [2, 1], 'padding': [1, 0]}, (2, 2, 9, 7)),
    'conv2d_dilation': ('Conv2d', [2, 2, 3], {'dilation': [2, 3], 'padding': [2, 1]}, (1, 2, 10, 11)),
    'conv2d_groups': ('Conv2d', [4, 6, 3], {'groups': 2, 'padding': 1}, (2, 4, 6, 5)),
    'conv2d_depthwise_strided': ('Conv2d', [3, 6, 3], {'groups': 3, 'stride': 2, 'padding': 1}, (2, 3, 9, 8)),
    'conv2d_depthwise_same': ('Conv2d', [4, 4, 3], {'groups': 4, 'padding': 'same'}, (2, 4, 5, 6)),
    'conv2d_same_dilated': ('Conv2d', [2, 3, 3], {'padding': 'same', 'dilation': 2}, (2, 2, 7, 6)),
    'conv2d_same_even_kernel': ('Conv2d', [2, 2, [4, 3]], {'padding': 'same'}, (1, 2, 6, 7)),
    'conv2d_valid': ('Conv2d', [2, 2, 3], {'padding': 'valid'}, (1, 2, 5, 6)),
    'conv2d_odd_no_bias': ('Conv2d', [3, 5, 5], {'stride': 3, 'bias': False}, (2, 3, 13, 11)),
    'conv2d_pointwise': ('Conv2d', [4, 3, 1], {}, (2, 4, 5, 6)),
    'conv2d_pointwise_strided': ('Conv2d', [4, 3, 1], {'stride': 2}, (2, 4, 5, 6)),
    'conv2d_kernel_fills_input': ('Conv2d', [2, 3, [5, 4]], {}, (2, 2, 5, 4)),
    'conv2d_unbatched': ('Conv2d', [3, 4, 3], {'padding': 1}, (3, 5, 5)),
    'conv3d_basic': ('Conv3d', [2, 3, 3], {'padding': 1}, (2, 2, 4, 5, 5)),
    'conv3d_strided_groups_dilated': ('Conv3d', [4, 4, [2, 3, 2]], {'stride': [1, 2, 2], 'groups': 2, 'dilation': [2, 1, 1]}, (1, 4, 5, 6, 5)),
    'conv3d_unbatched': ('Conv3d', [2, 2, 2], {}, (2, 3, 3, 4)),
    'conv_transpose1d_basic': ('ConvTranspose1d', [3, 2, 3], {}, (2, 3, 6)),
    'conv_transpose1d_stride_output_padding_groups': ('ConvTranspose1d', [2, 4, 3], {'stride': 3, 'padding': 1, 'outputPadding': 2, 'groups': 2}, (2, 2, 5)),
    'conv_transpose1d_unbatched': ('ConvTranspose1d', [3, 2, 4], {'stride': 2}, (3, 5)),
    'conv_transpose2d_basic': ('ConvTranspose2d', [3, 2, 3], {}, (2, 3, 4, 5)),
    'conv_transpose2d_stride_padding': ('ConvTranspose2d', [2, 3, 3], {'stride': 2, 'padding': 1, 'outputPadding': 1}, (2, 2, 4, 4)),
    'conv_transpose2d_dilation_output_padding': ('ConvTranspose2d', [2, 2, [2, 3]], {'stride': [1, 2], 'dilation': [3, 1], 'outputPadding': [2, 1]}, (1, 2, 3, 4)),
    'conv_transpose2d_groups_no_bias': ('ConvTranspose2d', [4, 6, 3], {'groups': 2, 'bias': False, 'stride': 2}, (2, 4, 3, 3)),
    'conv_transpose2d_unbatched': ('ConvTranspose2d', [2, 3, 2], {'stride': 2}, (2, 3, 3)),
    'conv_transpose2d_pointwise': ('ConvTranspose2d', [3, 2, 1], {}, (2, 3, 4, 4)),
    'conv_transpose2d_pointwise_dilated_output_padding': ('ConvTranspose2d', [3, 2, 1], {'dilation': 2, 'outputPadding': 1}, (1, 3, 3, 3)),
    'conv_transpose2d_output_size': ('ConvTranspose2d', [2, 3, 3], {'stride': 2}, (2, 2, 4, 4), [10, 9]),
    'conv_transpose2d_output_size_full': ('ConvTranspose2d', [2, 3, 3], {'stride': 3, 'padding': 1}, (2, 2, 3, 3), [2, 3, 8, 9]),
}

POOL_CASES = {
    'max_pool1d_basic': ('MaxPool1d', [2], {}, (2, 3, 9)),
    'max_pool1d_stride_padding_dilation_ceil': ('MaxPool1d', [3], {'stride': 2, 'padding': 1, 'dilation': 2, 'ceilMode': True}, (2, 2, 12)),
    'max_pool1d_indices_unbatched': ('MaxPool1d', [3], {'stride': 1, 'returnIndices': True}, (3, 7)),
    'max_pool2d_basic': ('MaxPool2d', [2], {}, (2, 3, 8, 8)),
    'max_pool2d_rect_stride_padding': ('MaxPool2d', [[3, 2]], {'stride': [2, 1], 'padding': [1, 1]}, (2, 2, 7, 6)),
    'max_pool2d_dilation': ('MaxPool2d', [2], {'dilation': 2, 'stride': 1}, (1, 2, 6, 7)),
    'max_pool2d_ceil': ('MaxPool2d', [3], {'stride': 2, 'ceilMode': True}, (2, 2, 8, 7)),
    'max_pool2d_ceil_padding': ('MaxPool2d', [2], {'stride': 2, 'padding': 1, 'ceilMode': True}, (1, 2, 5, 5)),
    'max_pool2d_indices_overlapping': ('MaxPool2d', [2], {'stride': 1, 'returnIndices': True}, (2, 2, 5, 5)),
    'max_pool2d_indices_unbatched': ('MaxPool2d', [3], {'stride': 2, 'padding': 1, 'returnIndices': True}, (2, 7, 7)),
    'max_pool2d_ties': ('MaxPool2d', [2], {'stride': 1}, (1, 2, 4, 5)),
    'max_pool2d_nan': ('MaxPool2d', [2], {'returnIndices': True}, (1, 1, 4, 4)),
    'avg_pool1d_basic': ('AvgPool1d', [3], {}, (2, 3, 10)),
    'avg_pool1d_padding_ceil_exclude': ('AvgPool1d', [3], {'stride': 2, 'padding': 1, 'ceilMode': True, 'countIncludePad': False}, (2, 2, 8)),
    'avg_pool1d_unbatched': ('AvgPool1d', [2], {'stride': 1, 'padding': 1}, (3, 5)),
    'avg_pool2d_basic': ('AvgPool2d', [2], {}, (2, 3, 6, 6)),
    'avg_pool2d_padding_include': ('AvgPool2d', [3], {'stride': 2, 'padding': 1}, (2, 2, 7, 6)),
    'avg_pool2d_padding_exclude': ('AvgPool2d', [3], {'stride': 2, 'padding': 1, 'countIncludePad': False}, (2, 2, 7, 6)),
    'avg_pool2d_ceil': ('AvgPool2d', [[3, 2]], {'stride': [2, 2], 'padding': [1, 0], 'ceilMode': True}, (1, 2, 8, 7)),
    'avg_pool2d_ceil_exclude': ('AvgPool2d', [[3, 2]], {'stride': [2, 2], 'padding': [1, 0], 'ceilMode': True, 'countIncludePad': False}, (1, 2, 8, 7)),
    'avg_pool2d_divisor': ('AvgPool2d', [2], {'stride': 1, 'divisorOverride': 3}, (2, 2, 4, 5)),
    'avg_pool2d_divisor_padding_ceil': ('AvgPool2d', [3], {'stride': 2, 'padding': 1, 'ceilMode': True, 'divisorOverride': 5}, (1, 1, 6, 6)),
    'avg_pool2d_unbatched': ('AvgPool2d', [2], {}, (3, 5, 4)),
    'adaptive_avg_pool1d': ('AdaptiveAvgPool1d', [4], {}, (2, 3, 10)),
    'adaptive_avg_pool1d_larger_unbatched': ('AdaptiveAvgPool1d', [7], {}, (2, 5)),
    'adaptive_avg_pool2d': ('AdaptiveAvgPool2d', [[3, 4]], {}, (2, 2, 7, 9)),
    'adaptive_avg_pool2d_int': ('AdaptiveAvgPool2d', [5], {}, (1, 3, 11, 8)),
    'adaptive_avg_pool2d_none': ('AdaptiveAvgPool2d', [[None, 3]], {}, (2, 2, 5, 7)),
    'adaptive_avg_pool2d_global': ('AdaptiveAvgPool2d', [1], {}, (2, 3, 4, 5)),
    'adaptive_avg_pool2d_unbatched': ('AdaptiveAvgPool2d', [[2, 3]], {}, (3, 5, 7)),
    'adaptive_max_pool2d': ('AdaptiveMaxPool2d', [[3, 2]], {}, (2, 2, 7, 5)),
    'adaptive_max_pool2d_indices': ('AdaptiveMaxPool2d', [4], {'returnIndices': True}, (1, 2, 9, 6)),
    'adaptive_max_pool2d_none_unbatched': ('AdaptiveMaxPool2d', [[None, 2]], {'returnIndices': True}, (2, 5, 7)),
    'adaptive_max_pool2d_larger': ('AdaptiveMaxPool2d', [6], {}, (1, 1, 4, 5)),
}


def special_input(name, shape):
    """Inputs for the cases about equal values and NaN; the rest are standard normal."""
    if name == 'max_pool2d_ties':
        return torch.randint(0, 3, shape).float()  # many equal values: the first one wins
    x = torch.randn(*shape)
    if name == 'max_pool2d_nan':
        x[0, 0, 0, 1] = float('nan')
        x[0, 0, 2, 2] = float('-inf')
        x[0, 0, 3, 3] = float('nan')
    return x


def state(module):
    return {k: enc(v) for k, v in module.state_dict().items()}


def run_cases(cases):
    """Each case: its state right after construction under its seed (PyTorch's initialisation),
    then a forward of a seeded input and a backward of a random upstream gradient."""
    out = {}
    for i, (name, case) in enumerate(cases.items()):
        ctor, args, options, shape = case[:4]
        output_size = case[4] if len(case) > 4 else None
        seed = 200 + i
        torch.manual_seed(seed)
        module = build(ctor, args, options)
        start = state(module)
        x = special_input(name, shape).requires_grad_()
        result = module(x) if output_size is None else module(x, output_size=output_size)
        values, indices = result if isinstance(result, tuple) else (result, None)
        upstream = torch.randn(values.shape)
        values.backward(upstream)
        params = dict(module.named_parameters())
        out[name] = {
            'seed': seed, 'state': start, 'x': enc(x), 'output_size': output_size, 'out': enc(values), 'grad_fn': values.grad_fn.name(),
            'indices': enc(indices.float()) if indices is not None else None, 'upstream': enc(upstream),
            'grad_x': enc(x.grad), 'grads': {k: enc(p.grad) for k, p in params.items()},
        }
    return out


def functional_cases():
    """F.* called directly with tensors and list arguments; every tensor argument requires grad."""
    specs = {
        'conv1d': (lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1), (2, 3, 9), (4, 3, 3), (4,)),
        'conv2d_stride_list_of_one': (lambda x, w, b: F.conv2d(x, w, b, stride=[2], padding=[1, 2]), (2, 3, 7, 7), (2, 3, 3, 3), (2,)),
        'conv2d_same_no_bias': (lambda x, w: F.conv2d(x, w, padding='same', dilation=[1, 2]), (1, 2, 6, 7), (3, 2, 2, 3), None),
        'conv2d_groups': (lambda x, w, b: F.conv2d(x, w, b, groups=3), (2, 6, 5, 5), (3, 2, 3, 3), (3,)),
        'conv3d': (lambda x, w, b: F.conv3d(x, w, b, stride=[1, 2, 1], padding=1), (1, 2, 4, 5, 4), (3, 2, 3, 3, 2), (3,)),
        'conv_transpose1d': (lambda x, w, b: F.conv_transpose1d(x, w, b, stride=2, output_padding=1, dilation=2), (2, 2, 5), (2, 3, 3), (3,)),
        'conv_transpose2d_groups': (lambda x, w, b: F.conv_transpose2d(x, w, b, stride=[2, 1], padding=[1, 0], groups=2), (2, 4, 3, 4), (4, 1, 3, 2), (2,)),
        'max_pool1d_indices': (lambda x: F.max_pool1d(x, 3, stride=2, padding=1, return_indices=True), (2, 2, 9), None, None),
        'max_pool2d_list_stride': (lambda x: F.max_pool2d(x, [2, 3], stride=[1, 2], ceil_mode=True), (2, 2, 6, 7), None, None),
        'avg_pool1d': (lambda x: F.avg_pool1d(x, 4, stride=3, padding=2, ceil_mode=True, count_include_pad=False), (2, 2, 11), None, None),
        'avg_pool2d_divisor': (lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, divisor_override=4), (2, 2, 7, 7), None, None),
        'adaptive_avg_pool1d': (lambda x: F.adaptive_avg_pool1d(x, 3), (2, 2, 8), None, None),
        'adaptive_avg_pool2d_none': (lambda x: F.adaptive_avg_pool2d(x, [3, None]), (2, 2, 7, 5), None, None),
        'adaptive_max_pool2d_indices': (lambda x: F.adaptive_max_pool2d(x, [2, 3], return_indices=True), (2, 2, 5, 7), None, None),
    }
    out = {}
    for i, (name, (fn, x_shape, w_shape, b_shape)) in enumerate(specs.items()):
        torch.manual_seed(300 + i)
        tensors = [torch.randn(*s).requires_grad_() for s in (x_shape, w_shape, b_shape) if s is not None]
        result = fn(*tensors)
        values, indices = result if isinstance(result, tuple) else (result, None)
        upstream = torch.randn(values.shape)
        values.backward(upstream)
        out[name] = {
            'inputs': [enc(t) for t in tensors], 'out': enc(values), 'grad_fn': values.grad_fn.name(), 'upstream': enc(upstream),
            'indices': enc(indices.float()) if indices is not None else None, 'grads': [enc(t.grad) for t in tensors],
        }
    return out


def reprs():
    modules = {name: build(*case[:3]) for name, case in {**CONV_CASES, **POOL_CASES}.items()}
    modules.update({
        'conv2d_w4': nn.Conv2d(1, 16, 3, padding=1),
        'conv2d_padding_zero_tuple': nn.Conv2d(2, 2, 3, padding=(0, 0)),
        'conv2d_padding_mixed': nn.Conv2d(2, 2, 3, padding=(0, 1), dilation=(1, 1)),
        'conv3d_all_options': nn.Conv3d(4, 8, (1, 2, 3), stride=(3, 2, 1), padding=(1, 0, 2), dilation=2, groups=4, bias=False),
        'conv_transpose1d_dilation': nn.ConvTranspose1d(2, 4, 5, dilation=3, output_padding=2),
        'max_pool2d_tuple': nn.MaxPool2d((2, 3), stride=(1, 2), padding=(1, 1), dilation=(2, 1)),
        'max_pool1d_tuple': nn.MaxPool1d((3,), stride=None),
        'avg_pool1d_tuple': nn.AvgPool1d((4,), stride=(2,), padding=(1,)),
        'avg_pool2d_tuple': nn.AvgPool2d((2, 3), padding=(1, 1), divisor_override=2),
        'adaptive_avg_pool2d_none_first': nn.AdaptiveAvgPool2d((None, 7)),
        'adaptive_max_pool2d_int_indices': nn.AdaptiveMaxPool2d(3, return_indices=True),
    })
    return {k: repr(m) for k, m in modules.items()}


def errors():
    x4 = torch.randn(1, 2, 5, 5)
    x3 = torch.randn(1, 2, 7, requires_grad=True)  # grad mode: max_pool1d's checks are those of its indices path
    w = torch.randn(2, 3, 3, 3)
    return {
        # construction
        'conv_in_not_divisible': message(lambda: nn.Conv2d(3, 16, 3, groups=2)),
        'conv_out_not_divisible': message(lambda: nn.Conv2d(4, 15, 3, groups=2)),
        'conv_groups_zero': message(lambda: nn.Conv2d(4, 16, 3, groups=0)),
        'conv_same_strided': message(lambda: nn.Conv2d(3, 16, 3, padding='same', stride=2)),
        'conv_bad_padding_string': message(lambda: nn.Conv2d(3, 16, 3, padding='full')),
        'conv_bad_padding_mode': message(lambda: nn.Conv2d(3, 16, 3, padding_mode='foo')),
        'conv_negative_channels': message(lambda: nn.Conv2d(3, -1, 3)),
        'conv_transpose_padding_mode': message(lambda: nn.ConvTranspose2d(3, 16, 3, padding_mode='reflect')),
        'conv_transpose_in_not_divisible': message(lambda: nn.ConvTranspose2d(3, 4, 3, groups=2)),
        # conv forward
        'conv2d_rank': message(lambda: nn.Conv2d(3, 16, 3)(torch.randn(2, 3))),
        'conv2d_rank_5d': message(lambda: nn.Conv2d(3, 16, 3)(torch.randn(1, 1, 3, 8, 8))),
        'conv1d_rank': message(lambda: nn.Conv1d(3, 16, 3)(torch.randn(2, 3, 4, 5))),
        'conv3d_rank': message(lambda: nn.Conv3d(3, 16, 3)(torch.randn(3, 4, 5))),
        'conv2d_channels': message(lambda: nn.Conv2d(3, 16, 3)(torch.randn(1, 4, 28, 28))),
        'conv2d_channels_unbatched': message(lambda: nn.Conv2d(3, 16, 3)(torch.randn(4, 28, 28))),
        'conv2d_channels_groups': message(lambda: nn.Conv2d(4, 8, 3, groups=2)(torch.randn(1, 6, 28, 28))),
        'conv2d_kernel_too_big': message(lambda: nn.Conv2d(3, 16, 3)(torch.randn(1, 3, 2, 2))),
        'conv2d_kernel_too_big_padded': message(lambda: nn.Conv2d(3, 16, 5, padding=1)(torch.randn(1, 3, 2, 2))),
        'conv1d_kernel_too_big_dilated': message(lambda: nn.Conv1d(3, 16, 5, dilation=2)(torch.randn(1, 3, 6))),
        'conv3d_kernel_too_big': message(lambda: nn.Conv3d(3, 16, 3)(torch.randn(1, 3, 2, 5, 5))),
        'conv2d_empty_spatial': message(lambda: nn.Conv2d(3, 4, 1)(torch.randn(1, 3, 0, 5))),
        'conv2d_kernel_zero': message(lambda: nn.Conv2d(3, 4, 0)(torch.randn(1, 3, 5, 5))),
        'conv1d_kernel_zero': message(lambda: F.conv1d(torch.randn(1, 3, 5), torch.randn(2, 3, 0))),
        'conv3d_kernel_zero': message(lambda: F.conv3d(torch.randn(1, 3, 5, 5, 5), torch.randn(2, 3, 0, 3, 3))),
        'conv2d_negative_padding': message(lambda: nn.Conv2d(3, 16, 3, padding=-1)(torch.randn(1, 3, 8, 8))),
        'conv2d_zero_stride': message(lambda: nn.Conv2d(3, 16, 3, stride=0)(torch.randn(1, 3, 8, 8))),
        'conv2d_zero_dilation': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), w, dilation=0)),
        'conv1d_zero_dilation': message(lambda: F.conv1d(torch.randn(1, 3, 5), torch.randn(2, 3, 3), dilation=0)),
        'conv3d_zero_dilation': message(lambda: F.conv3d(torch.randn(1, 3, 5, 5, 5), torch.randn(2, 3, 3, 3, 3), dilation=0)),
        'f_conv2d_groups_zero': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), w, groups=0)),
        'f_conv2d_groups_too_many': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), w, groups=3)),
        'f_conv2d_groups_not_dividing': message(lambda: F.conv2d(torch.randn(1, 4, 8, 8), torch.randn(3, 2, 3, 3), groups=2)),
        'f_conv2d_bias_size': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), w, torch.randn(3))),
        'f_conv2d_bias_2d': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), w, torch.randn(2, 1))),
        'f_conv2d_weight_2d': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), torch.randn(2, 3))),
        'f_conv2d_weight_3d': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), torch.randn(2, 3, 3))),
        'f_conv2d_weight_5d_lists': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), torch.randn(2, 3, 3, 3, 3), stride=[1], padding=[0], dilation=[1])),
        'f_conv2d_stride_length': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), w, stride=[1, 1, 1])),
        'f_conv2d_same_strided': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), w, stride=2, padding='same')),
        'f_conv2d_same_weight_dims': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), torch.randn(2, 3, 3, 3, 3), padding='same')),
        'f_conv2d_same_stride_length': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), w, padding='same', stride=[1, 1, 1])),
        'f_conv2d_same_even_channels': message(lambda: F.conv2d(torch.randn(1, 4, 8, 8), torch.randn(2, 3, 4, 4), padding='same')),
        'f_conv2d_bad_padding_string': message(lambda: F.conv2d(torch.randn(1, 3, 8, 8), w, padding='foo')),
        # transposed conv forward
        'conv_transpose2d_rank': message(lambda: nn.ConvTranspose2d(3, 4, 3)(torch.randn(3, 4))),
        'conv_transpose1d_rank': message(lambda: nn.ConvTranspose1d(3, 4, 3)(torch.randn(1, 3, 4, 4))),
        'conv_transpose2d_channels': message(lambda: nn.ConvTranspose2d(3, 4, 3)(torch.randn(1, 5, 4, 4))),
        'conv_transpose2d_output_padding': message(lambda: nn.ConvTranspose2d(3, 4, 3, stride=2, output_padding=2)(torch.randn(1, 3, 4, 4))),
        'conv_transpose1d_output_padding': message(lambda: F.conv_transpose1d(torch.randn(1, 3, 5), torch.randn(3, 2, 3), output_padding=2, stride=2)),
        'conv_transpose2d_output_too_small': message(lambda: nn.ConvTranspose2d(3, 4, 3, padding=4)(torch.randn(1, 3, 2, 2))),
        'conv_transpose1d_output_too_small': message(lambda: F.conv_transpose1d(torch.randn(1, 3, 2), torch.randn(3, 2, 3), padding=3)),
        'conv_transpose2d_zero_dilation': message(lambda: F.conv_transpose2d(torch.randn(1, 3, 8, 8), torch.randn(3, 2, 3, 3), dilation=0)),
        'conv_transpose1d_zero_dilation': message(lambda: F.conv_transpose1d(torch.randn(1, 3, 5), torch.randn(3, 2, 3), dilation=0)),
        'conv_transpose2d_negative_output_padding': message(lambda: F.conv_transpose2d(torch.randn(1, 3, 8, 8), torch.randn(3, 2, 3, 3), output_padding=-1)),
        'conv_transpose2d_bias': message(lambda: F.conv_transpose2d(torch.randn(1, 3, 3, 3), torch.randn(3, 2, 3, 3), torch.randn(3))),
        'conv_transpose2d_groups_bias': message(lambda: F.conv_transpose2d(torch.randn(1, 4, 8, 8), torch.randn(4, 2, 3, 3), torch.randn(2), groups=2)),
        'conv_transpose2d_kernel_zero': message(lambda: F.conv_transpose2d(torch.randn(1, 3, 8, 8), torch.randn(3, 2, 0, 3))),
        'conv_transpose1d_empty_length': message(lambda: F.conv_transpose1d(torch.randn(1, 3, 0), torch.randn(3, 2, 1))),
        'conv_transpose2d_output_size_range': message(lambda: nn.ConvTranspose2d(3, 4, 3, stride=2)(torch.randn(1, 3, 4, 4), output_size=[20, 20])),
        'conv_transpose2d_output_size_length': message(lambda: nn.ConvTranspose2d(3, 4, 3, stride=2)(torch.randn(1, 3, 4, 4), output_size=[20])),
        # max pooling
        'max_pool2d_rank': message(lambda: nn.MaxPool2d(2)(torch.randn(2, 3))),
        'max_pool2d_rank_5d': message(lambda: nn.MaxPool2d(2)(torch.randn(1, 2, 3, 4, 5))),
        'max_pool2d_pad_too_big': message(lambda: nn.MaxPool2d(2, padding=2)(x4)),
        'max_pool2d_pad_too_big_dilated': message(lambda: nn.MaxPool2d(2, padding=2, dilation=2)(x4)),
        'max_pool2d_pad_too_big_w': message(lambda: nn.MaxPool2d(3, padding=(1, 2))(x4)),
        'max_pool2d_negative_pad': message(lambda: nn.MaxPool2d(2, padding=-1)(x4)),
        'max_pool2d_output_too_small': message(lambda: nn.MaxPool2d(6)(x4)),
        'max_pool2d_output_too_small_dilated': message(lambda: nn.MaxPool2d(3, dilation=3)(x4)),
        'max_pool2d_kernel_zero': message(lambda: nn.MaxPool2d(0)(x4)),
        'max_pool2d_kernel_zero_stride_1': message(lambda: nn.MaxPool2d(0, stride=1)(x4)),
        'max_pool2d_stride_zero': message(lambda: nn.MaxPool2d(2, stride=0)(x4)),
        'max_pool2d_stride_negative': message(lambda: nn.MaxPool2d(2, stride=-1)(x4)),
        'max_pool2d_dilation_zero': message(lambda: nn.MaxPool2d(2, dilation=0)(x4)),
        'max_pool2d_kernel_3_values': message(lambda: nn.MaxPool2d((2, 2, 2))(x4)),
        'max_pool2d_empty_channels': message(lambda: nn.MaxPool2d(2)(torch.randn(1, 0, 4, 4))),
        'max_pool2d_empty_height': message(lambda: nn.MaxPool2d(2)(torch.randn(1, 2, 0, 4))),
        'max_pool1d_rank': message(lambda: nn.MaxPool1d(2)(torch.randn(5, requires_grad=True))),
        'max_pool1d_rank_4d': message(lambda: nn.MaxPool1d(2)(torch.randn(1, 2, 3, 4, requires_grad=True))),
        'max_pool1d_pad_too_big': message(lambda: nn.MaxPool1d(2, padding=2)(x3)),
        'max_pool1d_output_too_small': message(lambda: nn.MaxPool1d(8)(x3)),
        'max_pool1d_stride_zero': message(lambda: nn.MaxPool1d(2, stride=0)(x3)),
        'max_pool1d_dilation_zero': message(lambda: nn.MaxPool1d(2, dilation=0)(x3)),
        'max_pool1d_kernel_2_values': message(lambda: nn.MaxPool1d((2, 2))(x3)),
        # average pooling
        'avg_pool2d_rank': message(lambda: nn.AvgPool2d(2)(torch.randn(2, 3))),
        'avg_pool2d_rank_5d': message(lambda: nn.AvgPool2d(2)(torch.randn(1, 1, 2, 4, 4))),
        'avg_pool2d_pad_too_big': message(lambda: nn.AvgPool2d(2, padding=2)(x4)),
        'avg_pool2d_output_too_small': message(lambda: nn.AvgPool2d(6)(x4)),
        'avg_pool2d_stride_zero': message(lambda: nn.AvgPool2d(2, stride=0)(x4)),
        'avg_pool2d_divisor_zero': message(lambda: nn.AvgPool2d(2, divisor_override=0)(x4)),
        'avg_pool2d_negative_pad': message(lambda: nn.AvgPool2d(2, padding=-1)(x4)),
        'avg_pool2d_kernel_3_values': message(lambda: F.avg_pool2d(x4, (2, 2, 2))),
        'avg_pool1d_rank': message(lambda: nn.AvgPool1d(2)(torch.randn(3))),
        'avg_pool1d_rank_4d': message(lambda: nn.AvgPool1d(2)(torch.randn(1, 2, 3, 4))),
        'avg_pool1d_pad_too_big': message(lambda: nn.AvgPool1d(2, padding=2)(x3)),
        'avg_pool1d_output_too_small': message(lambda: nn.AvgPool1d(8)(x3)),
        'avg_pool1d_kernel_2_values': message(lambda: F.avg_pool1d(x3, (2, 2))),
        # adaptive pooling
        'adaptive_avg_pool2d_rank': message(lambda: nn.AdaptiveAvgPool2d(2)(torch.randn(2, 3))),
        'adaptive_avg_pool2d_negative': message(lambda: nn.AdaptiveAvgPool2d((-1, 2))(x4)),
        'adaptive_avg_pool2d_3_values': message(lambda: nn.AdaptiveAvgPool2d((1, 2, 3))(x4)),
        'adaptive_avg_pool2d_empty_height': message(lambda: nn.AdaptiveAvgPool2d(2)(torch.randn(1, 2, 0, 4))),
        'adaptive_avg_pool2d_none_rank': message(lambda: nn.AdaptiveAvgPool2d((None, 2))(torch.randn(4, 4))),
        'adaptive_avg_pool1d_rank': message(lambda: nn.AdaptiveAvgPool1d(2)(torch.randn(3))),
        'adaptive_avg_pool1d_rank_4d': message(lambda: nn.AdaptiveAvgPool1d(2)(torch.randn(1, 2, 3, 4))),
        'adaptive_avg_pool1d_negative': message(lambda: nn.AdaptiveAvgPool1d(-1)(torch.randn(1, 2, 7))),
        'adaptive_avg_pool1d_2_values': message(lambda: nn.AdaptiveAvgPool1d((1, 2))(torch.randn(1, 2, 7))),
        'adaptive_max_pool2d_rank': message(lambda: nn.AdaptiveMaxPool2d(2)(torch.randn(2, 3))),
        'adaptive_max_pool2d_negative': message(lambda: nn.AdaptiveMaxPool2d((-1, 2))(x4)),
        'adaptive_max_pool2d_3_values': message(lambda: nn.AdaptiveMaxPool2d((1, 2, 3))(x4)),
        'adaptive_max_pool2d_empty_height': message(lambda: nn.AdaptiveMaxPool2d(2)(torch.randn(1, 2, 0, 4))),
    }


def empty_outputs():
    """Zero-size outputs PyTorch allows: an empty batch, and adaptive output sizes of 0."""
    return {
        'conv2d_empty_batch': list(nn.Conv2d(3, 4, 3)(torch.randn(0, 3, 5, 5)).shape),
        'conv_transpose2d_empty_batch': list(F.conv_transpose2d(torch.randn(0, 3, 2, 2), torch.randn(3, 2, 3, 3)).shape),
        'max_pool2d_empty_batch': list(nn.MaxPool2d(2)(torch.randn(0, 2, 4, 4)).shape),
        'adaptive_avg_pool2d_zero': list(nn.AdaptiveAvgPool2d((0, 2))(torch.randn(1, 2, 5, 5)).shape),
        'adaptive_max_pool2d_zero': list(nn.AdaptiveMaxPool2d((0, 2))(torch.randn(1, 2, 5, 5)).shape),
    }


def generate():
    return {'conv': run_cases(CONV_CASES), 'pool': run_cases(POOL_CASES), 'functional': functional_cases(),
            'repr': reprs(), 'errors': errors(), 'empty': empty_outputs()}
