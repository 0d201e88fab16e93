"""Apple Podcasts' categories and subcategories, as data, and what is wrong with a `category`.

Apple lists a show only under a category of its own finite list (Apple Podcasts Connect,
"Podcast categories"); a name spelled otherwise is a show filed nowhere. This module owns that
list and the "did you mean" for a name not on it; feeds.py reports what it says.
"""

from __future__ import annotations

import difflib

# Category → its subcategories, spelled as Apple spells them (`&`, `How To`, `Stand-Up`).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": (
        "Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts",
    ),
    "Business": (
        "Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}  # fmt: skip

# Every value `category` may take: a category, or a category and one of its subcategories.
CATEGORY_NAMES = tuple(
    name
    for category, subcategories in APPLE_CATEGORIES.items()
    for name in (category, *(f"{category} > {sub}" for sub in subcategories))
)


def category_problem(category: str) -> str | None:
    """What is wrong with `category` (written `A` or `A > B`, as config.py normalises it) as an
    Apple Podcasts category, with the closest valid one; None when Apple lists it."""
    if category in CATEGORY_NAMES:
        return None
    hint = closest_category(category)
    suggestion = f' (did you mean "{hint}"?)' if hint else ""
    return f'"{category}" is not an Apple Podcasts category{suggestion}'


def closest_category(category: str) -> str | None:
    """The valid category most like `category`: the same in other letter case, a subcategory
    named without its category ("Books": "Arts > Books"), else the nearest spelling."""
    folded = {name.casefold(): name for name in CATEGORY_NAMES}
    if category.casefold() in folded:
        return folded[category.casefold()]
    by_subcategory = {name.split(" > ")[-1].casefold(): name for name in CATEGORY_NAMES}
    if category.casefold() in by_subcategory:
        return by_subcategory[category.casefold()]
    found = difflib.get_close_matches(category.casefold(), list(folded), n=1, cutoff=0.6)
    if found:
        return folded[found[0]]
    # A valid category with a subcategory it does not have: the category alone.
    head = category.split(" > ")[0].casefold()
    return folded.get(head)
