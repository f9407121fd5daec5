"""The article's Net in PyTorch, and the data both sides train on."""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, n_input, n_output):
        super().__init__()
        self.hidden1 = nn.Linear(n_input, 10)
        self.activation = nn.ReLU()
        self.output = nn.Linear(10, n_output)

    def forward(self, x):
        return self.output(self.activation(self.hidden1(x)))


# Five fixed inputs on which both sides print their predictions.
PROBE = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5], [-2.0, 1.0, 1.0], [0.0, 0.0, 0.0], [3.0, -2.0, 0.5]])
