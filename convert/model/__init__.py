from convert.model.tree import (  # noqa: F401
    Block, ModelError, blocks, lang_of, meta_text, new_report, plain_text, set_lang, text_of, validate,
)
