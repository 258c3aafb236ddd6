{{ reviewed_figures('target') }}
