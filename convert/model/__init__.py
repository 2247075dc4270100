from convert.model.tree import (  # noqa: F401
    Block, Info, ModelError, blocks, info, lang_of, meta_text, new_report, plain_text, set_lang, text_of, validate,
)
