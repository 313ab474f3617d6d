# Source: Stack Overflow, "How to get the mean of a tensor ignoring NaN values"
# URL: https://stackoverflow.com/questions/61104667/how-to-get-nanmean-in-pytorch
# (answers: torch.nanmean, masking with torch.isnan, torch.nansum over a count)
import torch

x = torch.tensor([1.0, float('nan'), 3.0, 4.0], requires_grad=True)
print(torch.nanmean(x))
print(x[~torch.isnan(x)].mean())
print(torch.nansum(x) / (~torch.isnan(x)).sum())
m = x.nanmean()
m.backward()
print(x.grad)
print(torch.isfinite(x), torch.nan_to_num(x.detach(), nan=0.0))
