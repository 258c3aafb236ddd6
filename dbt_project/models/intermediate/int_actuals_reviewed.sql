{{ reviewed_figures('actual') }}
