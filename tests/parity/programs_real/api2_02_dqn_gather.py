# Source: PyTorch tutorials, Reinforcement Learning (DQN) Tutorial, optimize_model (Q(s, a) picked with gather; batch replaced by literals)
# URL: https://pytorch.org/tutorials/intermediate/reinforcement_q_learning.html
import torch
import torch.nn as nn

policy_out = torch.tensor([[0.2, -0.1], [0.5, 0.3], [-0.4, 0.8]], requires_grad=True)
action_batch = torch.tensor([[1], [0], [1]])
reward_batch = torch.tensor([1.0, 0.0, 1.0])
next_state_values = torch.tensor([0.7, 0.0, 0.9])
GAMMA = 0.99

state_action_values = policy_out.gather(1, action_batch)
expected_state_action_values = (next_state_values * GAMMA) + reward_batch

criterion = nn.SmoothL1Loss()
loss = criterion(state_action_values, expected_state_action_values.unsqueeze(1))
loss.backward()
print(state_action_values)
print(loss)
print(policy_out.grad)
