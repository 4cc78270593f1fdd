"""The network both PyTorch anchors use (torch_encoder.py, torch_moco_step.py): musicrec's
EncoderGraphFactory in PyTorch. torchvision ResNet-18/50 with a 1-channel stem (7x7/2, no bias), global
average pool -> embedding E; heads proj = Linear(E,E,no bias) -> BN1d -> ReLU -> Linear(E,128) and
genre = Linear(E,7)."""
import torch.nn as nn
import torchvision


class Encoder(nn.Module):
    def __init__(self, arch):
        super().__init__()
        m = getattr(torchvision.models, arch)(weights=None)
        m.conv1 = nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
        E = m.fc.in_features
        m.fc = nn.Identity()
        self.backbone = m
        self.proj = nn.Sequential(nn.Linear(E, E, bias=False), nn.BatchNorm1d(E), nn.ReLU(inplace=True), nn.Linear(E, 128))
        self.genre = nn.Linear(E, 7)

    def forward(self, x):
        e = self.backbone(x)
        return self.proj(e), self.genre(e)
