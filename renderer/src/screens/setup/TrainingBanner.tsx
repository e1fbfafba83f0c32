// «Modalità prova» must be unmistakable on every screen (issue 9): a banner in the top bar, which also takes
// a colour of its own (styles.css `.topbar.training`).
export function TrainingBanner() {
  return (
    <span className="training-banner" role="note" data-testid="training-banner">
      PROVA <span className="training-banner-text">· modalità prova: dati di esempio, nulla arriva alla Regione</span>
    </span>
  );
}
