import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import '@vaadin/progress-bar';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';

/** The package profiles (package-requirements.json) that environments name with beep.python.profiles. */
export class QwcBeepPythonProfiles extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: 8px; padding: 10px 20px; height: 100%; }
        .file { color: var(--lumo-secondary-text-color); }
        vaadin-grid { height: 100%; }
    `;

    static properties = {
        _document: { state: true }
    };

    connectedCallback() {
        super.connectedCallback();
        this.jsonRpc.getProfiles().then(response => this._document = response.result);
    }

    render() {
        if (!this._document) {
            return html`<vaadin-progress-bar indeterminate></vaadin-progress-bar>`;
        }
        return html`
            <div class="file">${this._document.profilesFile}</div>
            <vaadin-grid id="profiles" .items=${this._document.profiles} theme="row-stripes" all-rows-visible>
                <vaadin-grid-column path="name" header="Profile" auto-width></vaadin-grid-column>
                <vaadin-grid-column path="description" header="Description" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Requirements" auto-width
                    ${columnBodyRenderer(profile => html`${profile.requirements.join(', ')}`, [])}></vaadin-grid-column>
            </vaadin-grid>`;
    }
}
customElements.define('qwc-beep-python-profiles', QwcBeepPythonProfiles);
