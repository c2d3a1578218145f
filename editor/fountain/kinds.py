"""Line and element kinds as plain module constants, for the parser's hot paths.

Looking up an enum member (``LineType.ACTION``) costs about 190 ns on Python 3.11, more than
classifying the rest of a typical line; a module constant costs a dictionary lookup. The values
are the very same enum members, so ``is`` comparisons with ``LineType.X`` still hold.
"""

from __future__ import annotations

from editor.fountain.model import ElementType, LineType

L_EMPTY = LineType.EMPTY
L_ACTION = LineType.ACTION
L_SCENE_HEADING = LineType.SCENE_HEADING
L_CHARACTER = LineType.CHARACTER
L_PARENTHETICAL = LineType.PARENTHETICAL
L_DIALOGUE = LineType.DIALOGUE
L_TRANSITION = LineType.TRANSITION
L_CENTERED = LineType.CENTERED
L_LYRICS = LineType.LYRICS
L_PAGE_BREAK = LineType.PAGE_BREAK
L_SECTION = LineType.SECTION
L_SYNOPSIS = LineType.SYNOPSIS
L_NOTE = LineType.NOTE
L_BONEYARD = LineType.BONEYARD
L_TITLE_PAGE = LineType.TITLE_PAGE
L_DUAL_CHARACTER = LineType.DUAL_CHARACTER
L_DUAL_PARENTHETICAL = LineType.DUAL_PARENTHETICAL
L_DUAL_DIALOGUE = LineType.DUAL_DIALOGUE

E_TITLE_PAGE = ElementType.TITLE_PAGE
E_SCENE_HEADING = ElementType.SCENE_HEADING
E_ACTION = ElementType.ACTION
E_CHARACTER = ElementType.CHARACTER
E_DIALOGUE = ElementType.DIALOGUE
E_PARENTHETICAL = ElementType.PARENTHETICAL
E_TRANSITION = ElementType.TRANSITION
E_CENTERED = ElementType.CENTERED
E_LYRICS = ElementType.LYRICS
E_PAGE_BREAK = ElementType.PAGE_BREAK
E_SECTION = ElementType.SECTION
E_SYNOPSIS = ElementType.SYNOPSIS
E_NOTE = ElementType.NOTE
E_BONEYARD = ElementType.BONEYARD
