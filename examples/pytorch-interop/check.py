"""torchlet → PyTorch: load the weights train.mjs saved into the same Net and predict."""
import torch
from safetensors.torch import load_file

from net import Net, PROBE

model = Net(3, 1)
model.load_state_dict(load_file('net-torchlet.safetensors'))
with torch.no_grad():
    for row in model(PROBE).squeeze(1).tolist():
        print(f'{row:.6f}')
