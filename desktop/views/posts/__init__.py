"""The post widgets Feed and Spaces share: the compose box, the post list, the post
card and the comments under it. They import no screen package (an import contract
checks it)."""
