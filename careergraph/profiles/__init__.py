"""A person's dated history (docs/profile.md): read it, and compute what it means on a date."""

from careergraph.profiles.load import load_profile
from careergraph.profiles.model import Holding, Position, Profile, StatedExperience
from careergraph.profiles.state import ProfileState, profile_state

__all__ = [
    "Holding",
    "Position",
    "Profile",
    "ProfileState",
    "StatedExperience",
    "load_profile",
    "profile_state",
]
