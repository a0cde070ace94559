"""The document as a whole: its header (metadata, pathmeta), the documents it cites (references), whose
figures it gives (scope), where it states targets (kinds) and its sentences (sentences)."""
