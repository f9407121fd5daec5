"""PyTorch → torchlet: train the article's Net in PyTorch and save its weights as safetensors.

    python train.py          # writes net-pytorch.safetensors and prints PyTorch's predictions
    node predict.mjs         # loads them into the same Net in torchlet and prints its predictions
"""
import torch
import torch.nn as nn
from safetensors.torch import save_file

from net import Net, PROBE

torch.manual_seed(0)
x = torch.randn(256, 3)
y = 2 * x[:, :1] - x[:, 1:2] + 0.5 * x[:, 2:3] ** 2

model = Net(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
for epoch in range(200):
    optimizer.zero_grad()
    loss = nn.MSELoss()(model(x), y)
    loss.backward()
    optimizer.step()
print(f'final loss {loss.item():.6f}')

save_file(model.state_dict(), 'net-pytorch.safetensors')
with torch.no_grad():
    for row in model(PROBE).squeeze(1).tolist():
        print(f'{row:.6f}')
